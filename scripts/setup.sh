#!/usr/bin/env bash
# Create .venv for development: Nashra (editable) with its test and benchmark tools, CPU PyTorch.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=.venv EXTRAS=test,bench EDITABLE=1 bash scripts/install.sh
