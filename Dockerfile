# Production image: migrations, then uvicorn with WEB_CONCURRENCY workers, JSON log lines only.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    MPLCONFIGDIR=/tmp/matplotlib \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    ENVIRONMENT=production \
    DATA_DIR=/app/data \
    WEB_CONCURRENCY=2 \
    FORWARDED_ALLOW_IPS=127.0.0.1 \
    PORT=8000

WORKDIR /app
# Pango and a font for the PDF reports (WeasyPrint); matplotlib brings its own fonts. Not
# pinned to versions: Debian replaces them with security fixes (the base image is pinned).
# hadolint ignore=DL3008
RUN apt-get update && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app app

# The locked dependencies first (a layer that changes only with the lock file), then the code.
COPY requirements.lock ./
RUN pip install --require-hashes -r requirements.lock
COPY pyproject.toml README.md ./
COPY app ./app
RUN pip install --no-deps . && mkdir -p /app/data && chown -R 10001:10001 /app/data

USER 10001:10001
EXPOSE 8000
# Ready, not merely alive: /readyz answers 503 until the database answers.
HEALTHCHECK --interval=30s --timeout=3s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{os.environ[\"PORT\"]}/readyz', timeout=2)"]

# `serve` migrates (under a PostgreSQL advisory lock, so replicas starting together don't
# race), then runs uvicorn: proxy headers trusted from FORWARDED_ALLOW_IPS, our access log.
CMD ["sh", "-c", "exec python -m app serve --host 0.0.0.0 --port \"$PORT\" --workers \"$WEB_CONCURRENCY\""]
