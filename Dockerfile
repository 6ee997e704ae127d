FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app

COPY pyproject.toml README.md ./
RUN pip install --upgrade pip && pip install ".[s3]"

COPY . .
RUN DEBUG=1 python manage.py collectstatic --no-input \
    && useradd --system --home /app epolicy \
    && mkdir -p /srv/epolicy/media && chown epolicy /srv/epolicy/media
USER epolicy

EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
