"""dckg web API (FastAPI)."""
