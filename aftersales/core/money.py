from decimal import ROUND_HALF_UP, Decimal

FEN = Decimal("0.01")


def to_fen(amount: Decimal) -> Decimal:
    """Round an amount in yuan to the fen, half-up (never banker's rounding)."""
    return amount.quantize(FEN, rounding=ROUND_HALF_UP)
