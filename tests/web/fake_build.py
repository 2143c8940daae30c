"""A tiny build of the web UI, written as Vite writes one (dist/.vite/manifest.json and hashed files under
dist/assets/), so the tests of Django's side need neither Node nor a real build."""

import json
from pathlib import Path

import pytest
from django_vite.core.asset_loader import DjangoViteAssetLoader

# Vite's hashes are 8 characters of [A-Za-z0-9_-], and may start or end with - or _ (as these do).
ENTRY_JS = "assets/main-Bs9kB4o-.js"
ENTRY_CSS = "assets/main--yulY2IB.css"
CHUNK_JS = "assets/ProductPage-_q1W2e3R.js"
# What the product route's chunk imports (shared with other storefront routes, with its CSS), and the storefront's
# Korean strings (an i18n namespace, its own chunk).
SHARED_JS = "assets/storefront-Zx9Yw8Vu.js"
SHARED_CSS = "assets/storefront-Qp1Rs2Tu.css"
STRINGS_JS = "assets/storefront-Ko4Lm5Np.js"
UNHASHED = "robots.txt"  # a file of Vite's public/ folder: copied as it is, no hash


def write_fake_build(root: Path) -> Path:
    """Write the build under `root` and return the manifest's path."""
    manifest = {
        "src/main.tsx": {
            "file": ENTRY_JS,
            "name": "main",
            "src": "src/main.tsx",
            "isEntry": True,
            "css": [ENTRY_CSS],
            "dynamicImports": ["src/features/storefront/product/ProductPage.tsx", "src/locales/ko/storefront.json"],
        },
        "src/features/storefront/product/ProductPage.tsx": {
            "file": CHUNK_JS,
            "name": "ProductPage",
            "src": "src/features/storefront/product/ProductPage.tsx",
            "isDynamicEntry": True,
            "imports": ["src/main.tsx", "_storefront-Zx9Yw8Vu.js"],
        },
        "_storefront-Zx9Yw8Vu.js": {
            "file": SHARED_JS,
            "name": "storefront",
            "imports": ["src/main.tsx"],
            "css": [SHARED_CSS],
        },
        "src/locales/ko/storefront.json": {
            "file": STRINGS_JS,
            "name": "storefront",
            "src": "src/locales/ko/storefront.json",
            "isDynamicEntry": True,
        },
    }
    files = {
        # Long enough for collectstatic to keep a compressed copy (it drops one that saves too little).
        ENTRY_JS: 'import("/static/app/' + CHUNK_JS + '");\n' + "export const word = 'gachi';\n" * 200,
        ENTRY_CSS: "body{margin:0}\n",
        CHUNK_JS: "export const ProductPage = 1;\n",
        SHARED_JS: "export const shared = 1;\n",
        SHARED_CSS: ".product{display:grid}\n",
        STRINGS_JS: "export default {};\n",
        UNHASHED: "User-agent: *\n",
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    path = root / ".vite" / "manifest.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(manifest), encoding="utf-8")
    return path


def reset_vite_loader():
    """django-vite reads the manifest once, into a process-wide loader: make the next page read it afresh."""
    DjangoViteAssetLoader._instance = None


def use_build(settings, *, dirs, manifest_path):
    settings.STATICFILES_DIRS = dirs
    settings.DJANGO_VITE = {"default": {"dev_mode": False, "manifest_path": manifest_path, "static_url_prefix": "app"}}
    reset_vite_loader()
    DjangoViteAssetLoader.instance()  # as at the server's start (django_vite's AppConfig.ready)


@pytest.fixture
def built_ui(settings, tmp_path):
    """A built UI in a folder of the test's own, served as runserver serves it (WhiteNoise from the finders)."""
    dist = tmp_path / "dist"
    manifest_path = write_fake_build(dist)
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    use_build(settings, dirs=[("app", dist)], manifest_path=manifest_path)
    yield dist
    reset_vite_loader()


@pytest.fixture
def unbuilt_ui(settings, tmp_path):
    """No build: as a fresh clone before `npm run build` (STATICFILES_DIRS then lists nothing, as settings do)."""
    manifest_path = tmp_path / "dist" / ".vite" / "manifest.json"
    use_build(settings, dirs=[], manifest_path=manifest_path)
    yield manifest_path
    reset_vite_loader()
