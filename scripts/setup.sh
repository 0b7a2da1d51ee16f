#!/usr/bin/env bash
# Create .venv and install Nashra with its test tools, taking the CPU build of PyTorch
# (camel-tools needs torch; the default wheel from PyPI on Linux pulls GBs of CUDA libraries).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
TORCH_VERSION=${TORCH_VERSION:-2.13.0}
TORCH_INDEX_URL=${TORCH_INDEX_URL:-https://download.pytorch.org/whl/cpu}

[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
pip() { .venv/bin/python -m pip --disable-pip-version-check -q "$@"; }
pip install --upgrade pip setuptools wheel
if ! .venv/bin/python -c "import torch" 2>/dev/null; then
    # --no-deps: torch's own small dependencies then come from PyPI with everything else.
    pip install --no-deps "torch==${TORCH_VERSION}" --index-url "$TORCH_INDEX_URL"
fi
pip install -e ".[test,bench]"
