"""Product image renditions: our task's code path against a bare Pillow loop making the same renditions from the same
uploads, in the same run, interleaved rounds (issue 12: renditions/s at least 80% of the bare loop's).

    eval "$(bash scripts/services.sh env)"
    python bench/renditions.py [--images 30] [--rounds 3] [--keep-database] [--json var/bench/renditions.json]

Uploads: `--images` photos generated once into a temporary directory (deleted at the end), 3 to 12 megapixels of
smooth random structure plus sensor-like grain, so they compress like photos: four in five are JPEGs (quality 88-95,
some with an EXIF orientation to apply, some with an sRGB ICC profile), one in five a PNG cut-out (a product on a
transparent background, 3-4 MP, with a text chunk; PNG photos would pass the upload byte limit). Every upload passes
`check_image_upload` (the request's checks), whose time is printed apart.

Ours: `product_image_make_renditions(image_id=…)`, the function the Celery task calls, on an image row whose upload
`product_image_add` stored as pending (untimed): it reads the upload from storage, decodes it, applies the
orientation, converts colours to sRGB, stores a copy without metadata as the original, then makes every rendition in
`RENDITION_SPECS` and saves them through Django's storage to a temporary MEDIA_ROOT, and updates the row (database:
`gachi_renditions_bench` on the DATABASE_URL server, created and migrated, dropped at the end unless
--keep-database).

Bare: for each upload, Pillow alone: open, decode (JPEG at the reduced scale `Image.thumbnail` would pick, via
`draft`), apply the orientation, then for each size `resize` with LANCZOS and `reducing_gap=2.0` (what
`Image.thumbnail` does), flatten alpha for JPEG, encode with the same settings (JPEG quality 85, optimized,
progressive; WebP quality 85, method 4) and write the file. No metadata removal, no colour conversion, no stored
original: the floor for "the same renditions".

The two sides alternate which goes first each round; renditions/s of each is (images x renditions) / seconds, and
the figures are the medians of the rounds. The rendition sizes must be equal on both sides (the bench fails
otherwise). Takes about 3-4 minutes with the defaults on 2 cores (generation about a minute).
"""

import argparse
import io
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BENCH_DB = os.environ.get("RENDITIONS_BENCH_DATABASE_NAME", "gachi_renditions_bench")  # bench/all.sh: its own
TARGET_RATIO = 0.80
BARE_JPEG = {"quality": 85, "optimize": True, "progressive": True}
BARE_WEBP = {"quality": 85, "method": 4}


def log(message: str) -> None:
    print(message, flush=True)


def with_db_name(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


def db_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def admin_connect(url: str):
    import psycopg

    return psycopg.connect(with_db_name(url, "postgres"), autocommit=True)


# --- uploads ----------------------------------------------------------------------------------------------------
def _scene(width: int, height: int, rng: random.Random, grain: float):
    """Smooth random structure (a coarse random field scaled up) plus fine grain: compresses like a photo."""
    from PIL import Image

    coarse = (max(2, width // rng.choice((48, 96, 160))), max(2, height // rng.choice((48, 96, 160))))
    channels = []
    for _channel in range(3):
        field = Image.effect_noise(coarse, 70).resize((width, height), Image.Resampling.BICUBIC)
        channels.append(field)
    scene = Image.merge("RGB", channels)
    gradient = Image.linear_gradient("L").rotate(rng.randrange(360)).resize((width, height)).convert("RGB")
    scene = Image.blend(scene, gradient, 0.35)
    noise = Image.effect_noise((width, height), 40).convert("RGB")
    return Image.blend(scene, noise, grain)


def generate_uploads(directory: Path, count: int, seed: int = 12) -> list[Path]:
    """`count` uploads; every fifth a PNG cut-out, the rest JPEG photos of 3-12 MP (sizes spread evenly)."""
    from PIL import Image, ImageCms, ImageDraw, ImageFilter, PngImagePlugin

    rng = random.Random(seed)
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    paths = []
    for n in range(count):
        aspect = rng.choice((4 / 3, 3 / 2, 16 / 9, 1.0))
        if n % 5 == 4:
            megapixels = 3 + (n % 2)
            width = int((megapixels * 1e6 * aspect) ** 0.5)
            height = int(megapixels * 1e6 / width)
            scene = _scene(width, height, rng, grain=0.04).convert("RGBA")
            mask = Image.new("L", (width, height), 0)
            ImageDraw.Draw(mask).ellipse((width // 8, height // 10, width * 7 // 8, height * 9 // 10), fill=255)
            scene.putalpha(mask.filter(ImageFilter.GaussianBlur(4)))
            path = directory / f"upload-{n:02d}.png"
            text = PngImagePlugin.PngInfo()
            text.add_text("Software", "BenchEditor 1.0")  # an editor's export: a text chunk and the resolution
            scene.save(path, "PNG", compress_level=6, pnginfo=text, dpi=(72, 72))
        else:
            megapixels = 3 + 9 * (n % 7) / 6
            width = int((megapixels * 1e6 * aspect) ** 0.5)
            height = int(megapixels * 1e6 / width)
            scene = _scene(width, height, rng, grain=rng.choice((0.08, 0.12, 0.16)))
            options = {"quality": rng.choice((88, 92, 95))}
            if n % 3 == 0:
                exif = Image.Exif()
                exif[0x0112] = 6  # Orientation: rotate 90 degrees clockwise to view (a portrait from a phone)
                exif[0x010F] = "BenchPhone"
                options["exif"] = exif
            if n % 4 == 1:
                options["icc_profile"] = srgb
            path = directory / f"upload-{n:02d}.jpg"
            scene.save(path, "JPEG", **options)
        paths.append(path)
    return paths


# --- the two sides ----------------------------------------------------------------------------------------------
def fit(size: tuple[int, int], longest_side: int) -> tuple[int, int]:
    """The size Image.thumbnail((longest_side, longest_side)) gives (never larger than the image)."""
    from PIL import Image

    probe = Image.new("1", size)  # 1-bit, a few bytes a row; thumbnail computes the same size for any mode
    probe.thumbnail((longest_side, longest_side))
    return probe.size


def bare_renditions(path: Path, out_dir: Path, specs: dict) -> dict[str, tuple[int, int]]:
    """Pillow alone: decode once (at the reduced scale thumbnail() would use), each size resized and encoded."""
    from PIL import Image, ImageOps

    made = {}
    largest = max(side for side, _fmt in specs.values())
    with Image.open(io.BytesIO(path.read_bytes())) as image:
        width, height = image.size
        if image.getexif().get(0x0112, 1) in (5, 6, 7, 8):  # orientations that swap the sides
            width, height = height, width
        image.draft("RGB", (largest * 2, largest * 2))  # what thumbnail() does: JPEG DCT scaling, >= 2x the size
        image = ImageOps.exif_transpose(image)
        for name, (longest_side, fmt) in specs.items():
            size = fit((width, height), longest_side)
            resized = image.resize(size, Image.Resampling.LANCZOS, reducing_gap=2.0) if size != image.size else image
            if fmt == "JPEG" and resized.mode == "RGBA":
                flat = Image.new("RGB", resized.size, (255, 255, 255))
                flat.paste(resized, mask=resized.getchannel("A"))
                resized = flat
            out = io.BytesIO()
            if fmt == "JPEG":
                resized.save(out, "JPEG", **BARE_JPEG)
            else:
                resized.save(out, "WEBP", **BARE_WEBP)
            (out_dir / f"{path.stem}-{name}.{fmt.lower()}").write_bytes(out.getvalue())
            made[name] = size
    return made


def stored_sizes(renditions: dict) -> dict[str, tuple[int, int]]:
    from django.core.files.storage import default_storage
    from PIL import Image

    sizes = {}
    for name, stored in renditions.items():
        with default_storage.open(stored) as fh, Image.open(fh) as image:
            sizes[name] = image.size
    return sizes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--images", type=int, default=30, help="uploads generated (3-12 MP; every fifth a PNG)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--keep-database", action="store_true", help=f"keep {BENCH_DB} (else dropped)")
    parser.add_argument("--json", help="write the figures to this file as JSON")
    args = parser.parse_args()

    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        sys.exit('DATABASE_URL must name the PostgreSQL server (eval "$(bash scripts/services.sh env)").')
    url = with_db_name(base, BENCH_DB)
    if "bench" not in db_name(url):
        sys.exit(f"refusing to use {db_name(url)!r}: the bench database's name must contain 'bench'")
    work = Path(tempfile.mkdtemp(prefix="gachi-renditions-bench-"))
    (work / "uploads").mkdir()
    (work / "bare").mkdir()
    os.environ.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="market.settings.base",
        DJANGO_DEBUG="0",
        LOG_LEVEL="WARNING",
        MEDIA_ROOT=str(work / "media"),
        ELASTICSEARCH_URL="",
        CELERY_TASK_ALWAYS_EAGER="0",
    )
    os.environ.pop("REDIS_URL", None)  # in-memory broker: nothing lands in the shared Redis (nothing is sent)

    started = time.perf_counter()
    with admin_connect(url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{BENCH_DB}"')
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "-v0"], check=True, env=os.environ.copy())
    log(f"database {BENCH_DB} created and migrated in {time.perf_counter() - started:.1f} s")
    try:
        return run(args, work)
    finally:
        import shutil

        from django.db import connections

        connections.close_all()
        shutil.rmtree(work, ignore_errors=True)
        if not args.keep_database:
            with admin_connect(url) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
            log(f"database {BENCH_DB} dropped")


def run(args, work: Path) -> int:
    import django

    django.setup()
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import TestCase

    from market.catalog.images import (
        RENDITION_SPECS,
        check_image_upload,
        product_image_add,
        product_image_delete,
        product_image_make_renditions,
    )
    from market.catalog.models import ProductImage
    from tests.factories import ProductFactory

    started = time.perf_counter()
    uploads = generate_uploads(work / "uploads", args.images)
    megapixels, total_bytes = 0.0, 0
    from PIL import Image

    for path in uploads:
        with Image.open(path) as image:
            megapixels += image.width * image.height / 1e6
        total_bytes += path.stat().st_size
        if path.stat().st_size > settings.IMAGE_MAX_BYTES:
            sys.exit(f"{path.name} is over IMAGE_MAX_BYTES ({path.stat().st_size:,} bytes): the generator needs a fix")
    specs = ", ".join(f"{name} {side} px {fmt}" for name, (side, fmt) in RENDITION_SPECS.items())
    log(
        f"{len(uploads)} uploads generated in {time.perf_counter() - started:.1f} s: {megapixels:.0f} MP, "
        f"{total_bytes / 1e6:.0f} MB ({sum(p.suffix == '.png' for p in uploads)} PNG); "
        f"{len(RENDITION_SPECS)} renditions each: {specs}"
    )
    product = ProductFactory()
    contents = {path: path.read_bytes() for path in uploads}

    # The request's checks (header, completeness): informational, not part of either side.
    started = time.perf_counter()
    for path, content in contents.items():
        check_image_upload(SimpleUploadedFile(path.name, content))
    log(f"check_image_upload (the request): {(time.perf_counter() - started) / len(uploads) * 1000:.1f} ms an upload")

    count = len(uploads) * len(RENDITION_SPECS)
    times: dict[str, list[float]] = {"ours": [], "bare": []}
    cpu_times: dict[str, list[float]] = {"ours": [], "bare": []}
    sizes: dict[str, dict] = {"ours": {}, "bare": {}}

    def ours_round() -> tuple[float, float]:
        elapsed = cpu = 0.0
        for path, content in contents.items():
            with TestCase.captureOnCommitCallbacks(execute=False):  # the task would be enqueued: we call it below
                image = product_image_add(product=product, upload=SimpleUploadedFile(path.name, content))
            begin, begin_cpu = time.perf_counter(), time.process_time()
            made = product_image_make_renditions(image_id=image.pk)
            elapsed += time.perf_counter() - begin
            cpu += time.process_time() - begin_cpu
            if len(made) != len(RENDITION_SPECS):
                sys.exit(f"{path.name}: made {sorted(made)}, expected {sorted(RENDITION_SPECS)}")
            if path not in sizes["ours"]:
                sizes["ours"][path] = stored_sizes(made)
            with TestCase.captureOnCommitCallbacks(execute=True):
                product_image_delete(image=ProductImage.objects.get(pk=image.pk))
        return elapsed, cpu

    def bare_round() -> tuple[float, float]:
        begin, begin_cpu = time.perf_counter(), time.process_time()
        for path in uploads:
            made = bare_renditions(path, work / "bare", RENDITION_SPECS)
            sizes["bare"].setdefault(path, made)
        return time.perf_counter() - begin, time.process_time() - begin_cpu

    for n in range(args.rounds):
        order = ["ours", "bare"] if n % 2 == 0 else ["bare", "ours"]
        for side in order:
            load = os.getloadavg()[0]
            elapsed, cpu = ours_round() if side == "ours" else bare_round()
            times[side].append(elapsed)
            cpu_times[side].append(cpu)
            log(
                f"round {n + 1}: {side:4} {elapsed:7.2f} s  {count / elapsed:6.2f} renditions/s  "
                f"(CPU {cpu:6.2f} s; load average before {load:.1f})"
            )

    differing = [p.name for p in uploads if sizes["ours"][p] != sizes["bare"][p]]
    if differing:
        for name in differing[:5]:
            path = work / "uploads" / name
            log(f"  {name}: ours {sizes['ours'][path]}, bare {sizes['bare'][path]}")
        log(f"RENDITION SIZES DIFFER for {len(differing)} uploads")
        return 1

    ours, bare = statistics.median(times["ours"]), statistics.median(times["bare"])
    ratio = bare / ours  # renditions/s ours / bare
    cpu_ratio = statistics.median(cpu_times["bare"]) / statistics.median(cpu_times["ours"])
    verdict = "met" if ratio >= TARGET_RATIO else "MISSED"
    log("")
    log(f"ours (task function, storage, database): median {count / ours:6.2f} renditions/s ({ours:.2f} s a round)")
    log(f"bare Pillow loop:                        median {count / bare:6.2f} renditions/s ({bare:.2f} s a round)")
    log(f"ours / bare: {ratio:.2f} (medians); target >= {TARGET_RATIO}: {verdict}; rendition sizes equal")
    log(f"ours / bare by CPU time (less sensitive to other work on the machine): {cpu_ratio:.2f}")
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        figures = {
            "images": len(uploads),
            "megapixels": round(megapixels, 1),
            "rounds": args.rounds,
            "ours_renditions_per_s": round(count / ours, 2),
            "bare_renditions_per_s": round(count / bare, 2),
            "ratio": round(ratio, 3),
            "cpu_ratio": round(cpu_ratio, 3),
            "target": TARGET_RATIO,
            "met": ratio >= TARGET_RATIO,
        }
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
