"""Settings, read from the environment (prefix ``DCKG_``) when `get_settings()` is called, never at import."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Where things are and the limits the servers enforce."""

    model_config = SettingsConfigDict(env_prefix="DCKG_")

    data_dir: Path = ROOT / "data"
    ontology_dir: Path = ROOT / "ontology"
    queries_dir: Path = ROOT / "queries"
    store_dir: Path = Path(".dckg/store")
    base_iri: str = "https://w3id.org/dckg/"
    query_timeout: float = Field(10.0, gt=0, description="wall-clock seconds per SPARQL query")
    max_rows: int = Field(10_000, gt=0, description="result row cap for SELECT")
    max_body_bytes: int = Field(1_000_000, gt=0, description="request body cap")
    service_allowlist: list[str] = Field(default_factory=list, description="SERVICE endpoints allowed")
    sparql_workers: int = Field(2, gt=0, description="worker processes for /sparql")
    check_consistency: bool = True


def get_settings(**overrides: object) -> Settings:
    """Build settings from the environment, with explicit overrides (used by tests and the CLI)."""
    return Settings(**overrides)  # type: ignore[arg-type]
