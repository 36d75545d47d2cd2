"""mock-interview: a terminal mock-interview coach for Transformer / LLM engineering interviews."""

__version__ = "0.1.0"
