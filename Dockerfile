# syntax=docker/dockerfile:1
#
# Production image of "Einwanderung gestalten" (ewg). One image serves all three roles of docker-compose.yml:
# web (gunicorn, the default command), worker (celery worker) and beat (celery beat).
#
#   docker build -t ewg .
#
# Configuration comes from the environment at run time (see ewg/settings.py and .env.example); nothing secret is
# baked into the image.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# ---------------------------------------------------------------------------------------------------------------
# build: the locked dependencies in /app/.venv. Every locked package ships a wheel, so no compiler is needed.
# ---------------------------------------------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS build

# Keep in step with UV_VERSION in the Makefile.
ARG UV_VERSION=0.13.9

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    UV_PROJECT_ENVIRONMENT=/app/.venv \
    UV_PYTHON_DOWNLOADS=never \
    UV_PYTHON=/usr/local/bin/python3.11 \
    UV_LINK_MODE=copy \
    UV_COMPILE_BYTECODE=1

RUN pip install "uv==${UV_VERSION}"

WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-default-groups --no-install-project

# ---------------------------------------------------------------------------------------------------------------
# runtime: the WeasyPrint libraries, the virtual environment, the project and its collected static files.
# ---------------------------------------------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime

# WeasyPrint (pip install on Debian) needs Pango, PangoFT2 and HarfBuzz (with its subsetter, without which it
# warns and subsets fonts more slowly); fontconfig and GLib come with them. DejaVu is a fallback font for PDFs.
RUN apt-get update \
    && apt-get install --yes --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz0b \
        libharfbuzz-subset0 \
        fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 ewg \
    && useradd --system --uid 10001 --gid ewg --create-home --home-dir /home/ewg --shell /usr/sbin/nologin ewg

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    VIRTUAL_ENV=/app/.venv \
    PATH=/app/.venv/bin:$PATH

WORKDIR /app
COPY --from=build /app/.venv /app/.venv
COPY . .

# Static files are collected into /app/var/static (STATIC_ROOT) at build time and served by WhiteNoise.
# The production settings insist on these variables, so the build sets placeholders for this one command only:
# they are not kept in the image, collectstatic connects to none of them, and the SECRET_KEY below is a
# BUILD-ONLY value that signs nothing.
RUN EWG_ENVIRONMENT=production \
    SECRET_KEY=build-only-not-secret-xzvmnqU6gqBL6V8GjALDSIAAF1xAQ6daJebQkKwyBaTRYFwf \
    ALLOWED_HOSTS=build.invalid \
    DATABASE_URL=postgres://build:build@build.invalid:5432/build \
    REDIS_URL=redis://build.invalid:6379/0 \
    EMAIL_URL=smtp://build.invalid:25 \
    python manage.py collectstatic --noinput \
    && mkdir -p var/media \
    && chown ewg:ewg var var/media

# var/ is the application's only writable place (media, the beat schedule); the code and static files stay root's.
USER 10001:10001

EXPOSE 8000

# /healthz checks the database and Redis too. The check sends the first ALLOWED_HOSTS entry as Host (any other
# host gets 400) and X-Forwarded-Proto: https, which gunicorn trusts from 127.0.0.1, so SECURE_SSL_REDIRECT does
# not answer 301; it follows no redirect and uses no HTTP proxy.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, sys, urllib.request as u; host = next((h.strip().lstrip('.') for h in os.environ.get('ALLOWED_HOSTS', '').split(',') if h.strip() not in ('', '*')), 'localhost'); opener = u.build_opener(u.ProxyHandler({}), type('NoRedirect', (u.HTTPRedirectHandler,), {'redirect_request': lambda *args: None})); sys.exit(0 if opener.open(u.Request('http://127.0.0.1:8000/healthz', headers={'Host': host, 'X-Forwarded-Proto': 'https'}), timeout=8).status == 200 else 1)"]

# The web process; tune it with GUNICORN_WORKERS, GUNICORN_TIMEOUT (seconds a request may take; PDFs take a
# while), GUNICORN_GRACEFUL_TIMEOUT and GUNICORN_KEEPALIVE. No access log: the reverse proxy keeps one.
# docker-compose.yml runs the same gunicorn command after migrating: keep the two alike.
CMD ["sh", "-c", "exec gunicorn ewg.wsgi:application --bind 0.0.0.0:8000 --workers \"${GUNICORN_WORKERS:-3}\" --timeout \"${GUNICORN_TIMEOUT:-60}\" --graceful-timeout \"${GUNICORN_GRACEFUL_TIMEOUT:-30}\" --keep-alive \"${GUNICORN_KEEPALIVE:-5}\" --worker-tmp-dir /dev/shm"]
