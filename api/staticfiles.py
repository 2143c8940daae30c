"""Static files storage: WhiteNoise's compressed copies (gzip, and brotli when installed) of the web UI's files.

The admin's and the API docs' files (megabytes of Swagger UI, Redoc and their source maps) are served as they
are: compressing them took over a minute of every collectstatic, for pages only staff and developers open.
"""

from whitenoise.storage import CompressedStaticFilesStorage

WEB_UI_PREFIX = "app/"  # STATICFILES_DIRS' prefix for frontend/dist (market/settings/base.py)


class WebUICompressedStaticFilesStorage(CompressedStaticFilesStorage):
    def post_process(self, paths, dry_run=False, **options):
        web_ui = {path: value for path, value in paths.items() if path.startswith(WEB_UI_PREFIX)}
        yield from super().post_process(web_ui, dry_run=dry_run, **options)
