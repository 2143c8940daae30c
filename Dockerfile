# The web UI (frontend/), built with Node in a stage of its own: only its output, frontend/dist, goes on.
FROM node:22-bookworm-slim AS web-ui
WORKDIR /frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

# One image for web, worker and beat (docker-compose.yml picks the command).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=market.settings.production
WORKDIR /app

# Documents are rendered as PDF by WeasyPrint (Pango, HarfBuzz's subsetter) with a Korean font it embeds.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-nanum \
 && rm -rf /var/lib/apt/lists/*

COPY pyproject.toml constraints.txt README.md ./
COPY market ./market
COPY api ./api
COPY search ./search
COPY manage.py ./
# Django serves the built UI (FRONTEND_DIST_DIR): django-vite reads its manifest, collectstatic takes its assets.
COPY --from=web-ui /frontend/dist ./frontend/dist
RUN pip install --no-cache-dir -c constraints.txt . \
 && useradd --system --home /app gachi \
 && mkdir -p /app/var/media /app/var/static && chown -R gachi /app/var
# collectstatic needs settings only, not secrets: give it throwaway values at build time.
RUN DJANGO_SECRET_KEY=build DJANGO_ALLOWED_HOSTS=x DATABASE_URL=sqlite:///tmp/x REDIS_URL=redis://x \
    STRIPE_SECRET_KEY=build STRIPE_WEBHOOK_SECRET=build STRIPE_PUBLISHABLE_KEY=build \
    python manage.py collectstatic --noinput

USER gachi
EXPOSE 8000
# gunicorn's worker count (its own variable): about two per core of the machine the replica runs on.
ENV WEB_CONCURRENCY=3
CMD ["gunicorn", "market.wsgi:application", "--bind", "0.0.0.0:8000"]
