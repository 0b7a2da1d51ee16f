#!/usr/bin/env bash
# Install Nashra into the virtual environment $VENV, with the CPU build of PyTorch.
#
#   VENV=/opt/nashra bash scripts/install.sh                    # what the Dockerfile runs
#   VENV=.venv EXTRAS=test,bench EDITABLE=1 bash scripts/install.sh   # what scripts/setup.sh runs
#
# camel-tools needs torch; the default torch wheel from PyPI on Linux pulls GBs of CUDA libraries,
# so the CPU build goes in first (--no-deps: its small dependencies come from PyPI with the rest).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
VENV=${VENV:-.venv}
EXTRAS=${EXTRAS:-}
TORCH_VERSION=${TORCH_VERSION:-2.13.0}
TORCH_INDEX_URL=${TORCH_INDEX_URL:-https://download.pytorch.org/whl/cpu}

[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
pip() { "$VENV/bin/python" -m pip --disable-pip-version-check -q "$@"; }
pip install --upgrade pip  # setuptools comes with the dependencies (sumy pins a range)
if ! "$VENV/bin/python" -c "import torch" 2>/dev/null; then
    # a local CPU wheel (pip find-links) when the machine has one, else the CPU index
    pip install --no-deps --no-index "torch==${TORCH_VERSION}" 2>/dev/null \
        || pip install --no-deps "torch==${TORCH_VERSION}" --index-url "$TORCH_INDEX_URL"
fi
target=".${EXTRAS:+[$EXTRAS]}"
if [ -n "${EDITABLE:-}" ]; then
    pip install -e "$target"
else
    pip install "$target"
fi
