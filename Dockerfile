# syntax=docker/dockerfile:1
# The app on CPU torch. Build:  docker build -t newsroom-rag .   (BAKE_GGUF=1 bakes the laptop model in)

FROM python:3.11-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends build-essential cmake git && rm -rf /var/lib/apt/lists/*
WORKDIR /src
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH PIP_DISABLE_PIP_VERSION_CHECK=1
# CPU-only torch from PyTorch's CPU index: the default PyPI wheel is the multi-GB CUDA build.
RUN pip install --no-cache-dir torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu
COPY requirements.lock ./
RUN grep -v '^torch==' requirements.lock > /tmp/req.txt && pip install --no-cache-dir -r /tmp/req.txt
# Portable llama.cpp build (no AMX/AVX-512 native tuning, which crashes under some hypervisors).
RUN CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_AVX512=OFF" \
    pip install --no-cache-dir --no-deps llama-cpp-python==0.3.36
COPY pyproject.toml README.md ./
COPY rag rag
COPY api api
COPY eval eval
COPY cli cli
RUN pip install --no-cache-dir --no-deps .
ARG BAKE_GGUF=0
ARG LOCAL_MODEL=qwen2.5-coder-1.5b
RUN mkdir -p /models && if [ "$BAKE_GGUF" = "1" ]; then RAG_MODEL_CACHE_DIR=/models rag models "$LOCAL_MODEL"; fi

FROM python:3.11-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl libgomp1 wordnet-base && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 10001 rag
COPY --from=build /opt/venv /opt/venv
COPY --from=build --chown=rag /models /models
WORKDIR /app
COPY --chown=rag corpus corpus
ENV PATH=/opt/venv/bin:$PATH \
    HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 \
    RAG_HOST=0.0.0.0 RAG_PORT=8000 RAG_DATA_DIR=/app/data RAG_CORPUS_DIR=/app/corpus RAG_MODEL_CACHE_DIR=/models
USER rag
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=5 \
    CMD curl -fsS http://127.0.0.1:8000/health || exit 1
# Ingest only what changed in the mounted corpus, then serve.
CMD ["sh", "-c", "rag ingest; exec rag serve"]
