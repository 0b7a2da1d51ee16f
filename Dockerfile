# Nashra: the bot by default; `nashra ingest` for an ingest worker (see compose.yaml, docs/OPERATIONS.md).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1

WORKDIR /src
# Only what the package needs: a change to tests or docs does not rebuild the install layer.
COPY pyproject.toml README.md ./
COPY scripts/install.sh scripts/install.sh
COPY bot bot
COPY digest digest
COPY storage storage
# CPU-only PyTorch, then Nashra and its dependencies, into /opt/nashra (tests/test_docker.py runs this same line).
RUN VENV=/opt/nashra bash scripts/install.sh

RUN useradd --create-home --uid 10001 nashra \
    && mkdir -p /data /inbox \
    && chown nashra:nashra /data /inbox
USER nashra
WORKDIR /home/nashra

ENV PATH=/opt/nashra/bin:$PATH \
    NASHRA_DATABASE_URL=sqlite:////data/nashra.db \
    NASHRA_INBOX=/inbox
# The SQLite file (unused with PostgreSQL) and the watched folder of article files.
VOLUME ["/data", "/inbox"]

HEALTHCHECK --interval=60s --timeout=20s --start-period=120s --retries=3 CMD ["nashra", "health"]
CMD ["nashra", "bot"]
