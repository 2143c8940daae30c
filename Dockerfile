# One image for web, worker and beat (docker-compose.yml picks the command).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=market.settings.production
WORKDIR /app

COPY pyproject.toml constraints.txt README.md ./
COPY market ./market
COPY api ./api
COPY search ./search
COPY manage.py ./
RUN pip install --no-cache-dir -c constraints.txt . \
 && useradd --system --home /app gachi \
 && mkdir -p /app/var/media /app/var/static && chown -R gachi /app/var
# collectstatic needs settings only, not secrets: give it throwaway values at build time.
RUN DJANGO_SECRET_KEY=build DJANGO_ALLOWED_HOSTS=x DATABASE_URL=sqlite:///tmp/x REDIS_URL=redis://x \
    python manage.py collectstatic --noinput

USER gachi
EXPOSE 8000
CMD ["gunicorn", "market.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
