"""Peak memory of a 40-megapixel upload: the request's checks and the renditions task, in a fresh process.

Pillow's pixel buffers are C allocations that tracemalloc does not see, so the upload is processed by the real
service functions in a child Python (the test database, committed rows) that reports its resident set before the
work and its peak after (/proc/self/status VmRSS, VmHWM). One decoded copy of a 40-megapixel RGB picture is 153 MiB
(Pillow keeps RGB in 4 bytes a pixel): the task keeps one (the original and every rendition are encoded from it);
decoding it again or copying it shows at once.
"""

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.db import connection
from PIL import Image

from tests.factories import ProductFactory

pytestmark = pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads the resident set from /proc")

WIDTH, HEIGHT = 8000, 5000  # 40,000,000 pixels: IMAGE_MAX_PIXELS, the largest upload we take
FULL_COPY_MB = WIDTH * HEIGHT * 4 / 2**20  # one decoded RGB copy (RGBX in memory): 153 MiB
# Besides the one decoded copy, at most one of these at a time: encoding a JPEG original with optimized Huffman
# tables keeps every DCT coefficient of the picture (libjpeg: 2 bytes each, 1.5 a pixel at 4:2:0: 114 MiB); the
# 1600 px renditions resize from a reduce() to half the size (38 MiB) through a 15 MiB intermediate.
JPEG_CODING_MB = WIDTH * HEIGHT * 1.5 * 2 / 2**20
RESIZE_MB = FULL_COPY_MB / 2
SLACK_MB = 40  # the upload's and the original's bytes, the small renditions, the allocator's slack
# A second full copy anywhere (the original decoded again, a copy per rendition, a copy before turning) exceeds it.
BOUND_MB = {"big.jpg": FULL_COPY_MB + JPEG_CODING_MB + SLACK_MB, "big.png": FULL_COPY_MB + RESIZE_MB + SLACK_MB}

CHILD = r"""
import json, os, sys

import django

django.setup()
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from market.catalog.images import product_image_add
from market.catalog.models import Product

path, media_root, product_id, warm_up = sys.argv[1:5]
settings.MEDIA_ROOT = media_root
product = Product.objects.get(pk=int(product_id))


def process(name):
    with open(os.path.join(os.path.dirname(path), name), "rb") as fh:
        content = fh.read()
    # The request's checks; after its commit the renditions task runs here (tasks are eager in the test settings).
    image = product_image_add(product=product, upload=SimpleUploadedFile(name, content))
    image.refresh_from_db()
    assert image.original and not image.processing_error, (name, image.processing_error)
    return image.renditions


def status_kb(field):
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith(field + ":"))


process(warm_up)  # imports, the connection, Pillow's plugins: not the picture's memory
before = status_kb("VmRSS")
made = process(os.path.basename(path))
# VmHWM, this process's own peak: getrusage's ru_maxrss would count the parent's size at the fork before exec.
peak = status_kb("VmHWM")
print(json.dumps({"before_kb": before, "peak_kb": peak, "made": sorted(made)}))
"""


def picture_40mp() -> Image.Image:
    """Smooth gradients: small files (about 1 MB), yet every pixel must be decoded."""
    across = Image.linear_gradient("L").resize((WIDTH, HEIGHT), Image.Resampling.BILINEAR)
    round_ = Image.radial_gradient("L").resize((WIDTH, HEIGHT), Image.Resampling.BILINEAR)
    return Image.merge("RGB", (across, round_, across.transpose(Image.Transpose.FLIP_LEFT_RIGHT)))


@pytest.fixture(scope="module")
def uploads(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("uploads")
    picture = picture_40mp()
    picture.save(folder / "big.jpg", "JPEG", quality=90)
    picture.save(folder / "big.png", "PNG", compress_level=1)
    del picture
    small = Image.new("RGB", (300, 200), (200, 30, 30))
    small.save(folder / "small.jpg", "JPEG")
    small.save(folder / "small.png", "PNG")
    return folder


def peak_of(upload: Path, tmp_path: Path) -> dict:
    product = ProductFactory()
    server = urlsplit(os.environ["DATABASE_URL"])
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "market.settings.test",
        # The test database (its rows committed: transaction=True), on the same server.
        "DATABASE_URL": urlunsplit(server._replace(path="/" + connection.settings_dict["NAME"])),
    }
    warm_up = "small" + upload.suffix
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(upload), str(tmp_path / "media"), str(product.pk), warm_up],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("name", ["big.jpg", "big.png"])
def test_a_40_megapixel_upload_is_decoded_once(uploads, tmp_path, name):
    if connection.vendor != "postgresql" or not os.environ.get("DATABASE_URL"):
        pytest.skip("the child process needs the test database on a server (PostgreSQL)")
    with Image.open(uploads / name) as image:
        assert image.width * image.height == 40_000_000

    figures = peak_of(uploads / name, tmp_path)

    assert figures["made"] == ["card", "large", "thumbnail", "webp"]
    grew_mb = (figures["peak_kb"] - figures["before_kb"]) / 1024
    print(f"{name}: peak {grew_mb:.0f} MiB over the resident set before (bound {BOUND_MB[name]:.0f} MiB)")
    assert grew_mb < BOUND_MB[name], f"{name}: {grew_mb:.0f} MiB at peak; one decoded copy is {FULL_COPY_MB:.0f} MiB"
