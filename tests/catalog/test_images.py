import io
import os
import random
import struct
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from PIL import ExifTags, Image, ImageCms, ImageFile, PngImagePlugin

from market.catalog import tasks as tasks_module
from market.catalog.images import (
    product_image_add,
    product_image_delete,
    product_image_make_renditions,
    product_images_reorder,
    validate_and_clean_image,
)
from market.catalog.models import ProductImage
from market.catalog.tasks import make_product_image_renditions
from market.core.errors import ApplicationError
from search.services import _enqueue_flush
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


# --- helpers ----------------------------------------------------------------------------


def image_bytes(fmt="JPEG", size=(64, 48), mode="RGB", color=(200, 30, 30), **save_kwargs) -> bytes:
    if mode == "CMYK" and isinstance(color, tuple) and len(color) == 3:
        color = (0, 200, 200, 0)
    img = Image.new(mode, size, color)
    out = io.BytesIO()
    img.save(out, fmt, **save_kwargs)
    return out.getvalue()


def noisy_jpeg(size=(200, 200)) -> bytes:
    rng = random.Random(7)
    img = Image.frombytes("RGB", size, bytes(rng.randrange(256) for _ in range(size[0] * size[1] * 3)))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=95)
    return out.getvalue()


def upload(content: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def media_files() -> list[str]:
    root = Path(settings.MEDIA_ROOT)
    if not root.exists():
        return []
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(width=100_000, height=100_000) -> bytes:
    """A valid-looking PNG whose header claims 10 billion pixels; tiny on disk."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + png_chunk(b"IEND", b"")
    )


def mtimes(paths) -> dict[str, int]:
    return {p: os.stat(default_storage.path(p)).st_mtime_ns for p in paths}


def stored(image: ProductImage) -> Image.Image:
    with image.original.open("rb") as fh:
        img = Image.open(io.BytesIO(fh.read()))
        img.load()
    return img


def add_processed(product, content, name, **kwargs) -> ProductImage:
    """product_image_add, then its after-commit work: the task that cleans the upload and makes renditions."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        image = product_image_add(product=product, upload=upload(content, name), **kwargs)
    image.refresh_from_db()
    return image


@pytest.fixture
def product():
    return ProductFactory()


# --- accepted uploads ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "name", "ext"),
    [
        ("JPEG", "photo.jpg", "jpg"),
        ("JPEG", "photo.JPEG", "jpg"),
        ("PNG", "logo.png", "png"),
        ("WEBP", "picture.webp", "webp"),
        ("JPEG", "no-extension", "jpg"),
    ],
)
def test_accepts_jpeg_png_webp(product, fmt, name, ext):
    image = add_processed(product, image_bytes(fmt), name, alt_text="  쿠키 상자  ")

    assert image.format == fmt
    assert (image.width, image.height) == (64, 48)
    assert image.alt_text == "쿠키 상자"
    assert image.position == 0
    assert image.original.name.startswith(f"products/{product.pk}/")
    assert image.original.name.endswith(f".{ext}")
    assert Path(image.original.name).stem != Path(name).stem  # random name, not the uploader's
    assert stored(image).format == fmt
    assert not image.pending_upload and not image.processing_error
    assert media_files() == sorted([image.original.name, *image.renditions.values()])  # the upload is gone


def test_positions_follow_the_last_image(product):
    first = product_image_add(product=product, upload=upload(image_bytes(), "a.jpg"))
    second = product_image_add(product=product, upload=upload(image_bytes("PNG"), "b.png"))
    assert (first.position, second.position) == (0, 1)
    assert len(media_files()) == 2


def test_png_alpha_is_kept(product):
    content = image_bytes("PNG", mode="RGBA", color=(10, 20, 30, 0))
    image = add_processed(product, content, "clear.png")
    img = stored(image)
    assert img.mode == "RGBA"
    assert img.getpixel((0, 0))[3] == 0


def test_palette_png_transparency_is_kept(product):
    palette_image = Image.new("P", (30, 30), 1)
    palette_image.putpalette([255, 0, 0, 0, 255, 0])
    out = io.BytesIO()
    palette_image.save(out, "PNG", transparency=1)
    img = stored(add_processed(product, out.getvalue(), "icon.png"))
    assert img.getchannel("A").getpixel((0, 0)) == 0


def test_cmyk_jpeg_is_converted_to_rgb(product):
    image = add_processed(product, image_bytes("JPEG", mode="CMYK"), "print.jpg")
    assert stored(image).mode == "RGB"


def test_16_bit_grey_png_is_scaled_not_clipped(product):
    image = add_processed(product, image_bytes("PNG", mode="I;16", color=40000), "g.png")
    img = stored(image)
    assert img.mode == "L"
    assert 150 <= img.getpixel((0, 0)) <= 160


def test_phone_mpo_jpeg_is_accepted_as_jpeg(product):
    first, second = Image.new("RGB", (50, 40), "red"), Image.new("RGB", (50, 40), "blue")
    out = io.BytesIO()
    first.save(out, "MPO", save_all=True, append_images=[second])
    assert Image.open(io.BytesIO(out.getvalue())).format == "MPO"

    image = add_processed(product, out.getvalue(), "IMG_0001.JPG")
    assert image.format == "JPEG"
    assert image.original.name.endswith(".jpg")
    assert stored(image).format == "JPEG"


def test_exif_orientation_is_applied_and_all_metadata_removed(product):
    # 40 wide, 20 high; left half red, right half blue. Orientation 6 = "rotate 90° clockwise to view".
    img = Image.new("RGB", (40, 20), (0, 0, 255))
    img.paste((255, 0, 0), (0, 0, 20, 20))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.IFD.GPSInfo] = {1: "N", 2: (37.0, 33.0, 1.5), 3: "E", 4: (126.0, 58.0, 2.0)}
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif, xmp=b"<x:xmpmeta>secret-location</x:xmpmeta>", comment=b"my-home")
    original = Image.open(io.BytesIO(out.getvalue()))
    assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the test image really carries GPS

    image = add_processed(product, out.getvalue(), "rotated.jpg")

    assert (image.width, image.height) == (20, 40)
    clean = stored(image)
    assert clean.size == (20, 40)
    assert len(clean.getexif()) == 0
    assert not clean.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert not {"exif", "xmp", "comment", "icc_profile"} & set(clean.info)
    raw = default_storage.open(image.original.name).read()
    for needle in (b"Exif", b"PhoneMaker", b"secret-location", b"my-home"):
        assert needle not in raw
    # the left (red) half is now on top
    top, bottom = clean.getpixel((10, 5)), clean.getpixel((10, 35))
    assert top[0] > 200 and top[2] < 60
    assert bottom[2] > 200 and bottom[0] < 60


def test_png_text_and_exif_are_removed(product):
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Jane Doe, 123 Secret St")
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    content = image_bytes("PNG", pnginfo=info, exif=exif)

    image = add_processed(product, content, "a.png")
    raw = default_storage.open(image.original.name).read()
    assert b"Jane Doe" not in raw and b"PhoneMaker" not in raw
    assert not {"Author", "exif"} & set(stored(image).info)


def png_chunks(raw: bytes) -> list[tuple[bytes, bytes]]:
    chunks, offset = [], 8
    while offset < len(raw):
        (length,) = struct.unpack(">I", raw[offset : offset + 4])
        chunks.append((raw[offset + 4 : offset + 8], raw[offset + 8 : offset + 8 + length]))
        offset += 12 + length
    return chunks


def test_a_png_keeps_its_image_data_byte_for_byte_without_its_metadata(product):
    # Re-compressing a PNG takes seconds and changes no pixel: its picture chunks are kept, the rest dropped.
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Jane Doe, 123 Secret St")
    info.add_itxt("Comment", "집 주소", zip=True)
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Orientation] = 1
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    across, round_ = Image.linear_gradient("L").resize((40, 30)), Image.radial_gradient("L").resize((40, 30))
    picture = Image.merge("RGBA", (across, round_, across.transpose(Image.Transpose.FLIP_LEFT_RIGHT), round_))
    out = io.BytesIO()
    picture.save(out, "PNG", pnginfo=info, exif=exif, icc_profile=srgb, dpi=(300, 300), compress_level=1)  # we use 6
    content = out.getvalue()
    assert {b"tEXt", b"iTXt", b"eXIf", b"iCCP", b"pHYs"} <= {kind for kind, _data in png_chunks(content)}

    image = add_processed(product, content, "cutout.png")

    raw = default_storage.open(image.original.name).read()
    kept = png_chunks(raw)
    assert [kind for kind, _data in kept if kind != b"IDAT"] == [b"IHDR", b"IEND"]
    assert [data for kind, data in kept if kind == b"IDAT"] == [d for k, d in png_chunks(content) if k == b"IDAT"]
    assert stored(image).tobytes() == picture.tobytes()
    assert (image.width, image.height, image.format) == (40, 30, "PNG")


def test_a_16_bit_colour_png_is_stored_as_the_8_bits_decoded(product):
    # Pillow decodes 48-bit RGB to 8 bits a sample: the original must show those pixels, so it is re-encoded.
    header = struct.pack(">IIBBBBB", 4, 2, 16, 2, 0, 0, 0)
    rows = b"".join(b"\0" + bytes.fromhex("c8003200fa00") * 4 for _row in range(2))  # (200, 50, 250) in 16 bits
    content = (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"tEXt", b"Author\0Jane Doe")
        + png_chunk(b"IDAT", zlib.compress(rows))
        + png_chunk(b"IEND", b"")
    )
    image = add_processed(product, content, "deep.png")

    raw = default_storage.open(image.original.name).read()
    assert png_chunks(raw)[0][1][8] == 8  # IHDR's bit depth
    assert b"Jane Doe" not in raw
    assert stored(image).getpixel((3, 1)) == (200, 50, 250)


def test_a_png_with_an_unknown_chunk_or_a_turn_is_re_encoded(product):
    picture = Image.new("RGB", (40, 20), (0, 0, 255))
    picture.paste((255, 0, 0), (0, 0, 20, 20))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    out = io.BytesIO()
    picture.save(out, "PNG", exif=exif)
    turned = add_processed(product, out.getvalue(), "turned.png")
    assert stored(turned).size == (20, 40) and (turned.width, turned.height) == (20, 40)
    assert stored(turned).getpixel((10, 5))[0] > 200  # the left (red) half is on top

    plain = image_bytes("PNG")
    private = plain[:-12] + png_chunk(b"prVt", b"secret-location") + plain[-12:]
    raw = default_storage.open(add_processed(product, private, "private.png").original.name).read()
    assert b"secret-location" not in raw and b"prVt" not in raw


# --- rejected uploads ----------------------------------------------------------------------


def gif() -> bytes:
    return image_bytes("GIF", mode="P", color=1)


REJECTIONS = [
    pytest.param(b"", "empty.jpg", "image_empty", id="empty"),
    pytest.param(
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        b"<script>alert(1)</script></svg>",
        "logo.svg",
        "image_invalid",
        id="svg",
    ),
    pytest.param(
        b"<!doctype html><html><body><script>alert(1)</script></body></html>",
        "photo.png",
        "image_invalid",
        id="html-named-png",
    ),
    pytest.param(b"just some text\n" * 10, "notes.jpg", "image_invalid", id="text"),
    pytest.param(gif(), "anim.gif", "image_format_not_allowed", id="gif"),
    pytest.param(gif(), "anim.png", "image_format_not_allowed", id="gif-named-png"),
    pytest.param(image_bytes("BMP"), "old.bmp", "image_format_not_allowed", id="bmp"),
    pytest.param(image_bytes("TIFF"), "scan.tiff", "image_format_not_allowed", id="tiff"),
    pytest.param(image_bytes("PNG"), "photo.jpg", "image_extension_mismatch", id="png-named-jpg"),
    pytest.param(image_bytes("JPEG"), "photo.png", "image_extension_mismatch", id="jpeg-named-png"),
    pytest.param(image_bytes("WEBP"), "photo.gif", "image_extension_mismatch", id="webp-named-gif"),
    pytest.param(png_bomb(), "bomb.png", "image_too_many_pixels", id="decompression-bomb"),
    pytest.param(noisy_jpeg()[: len(noisy_jpeg()) * 6 // 10], "cut.jpg", "image_truncated", id="truncated-jpeg"),
]


def assert_rejected(product, content, name, code):
    with pytest.raises(ApplicationError) as excinfo:
        product_image_add(product=product, upload=upload(content, name))
    error = excinfo.value
    assert error.code == code
    assert error.field == "image"
    assert error.message and "Traceback" not in error.message
    assert ProductImage.objects.count() == 0
    assert media_files() == []
    return error


@pytest.mark.parametrize(("content", "name", "code"), REJECTIONS)
def test_rejections_store_nothing(product, content, name, code):
    assert_rejected(product, content, name, code)


def test_oversize_is_rejected_before_decoding(product, settings, monkeypatch):
    content = noisy_jpeg()
    settings.IMAGE_MAX_BYTES = len(content) - 1

    def must_not_decode(*args, **kwargs):
        raise AssertionError("decoded an oversize file")

    monkeypatch.setattr(Image, "open", must_not_decode)
    assert_rejected(product, content, "big.jpg", "image_too_large")


def test_oversize_is_caught_even_when_the_declared_size_lies(settings):
    content = noisy_jpeg()
    settings.IMAGE_MAX_BYTES = 1000
    lying = upload(content, "big.jpg")
    lying.size = 10
    with pytest.raises(ApplicationError) as excinfo:
        validate_and_clean_image(lying)
    assert excinfo.value.code == "image_too_large"


def test_pixel_limit_is_checked_from_the_header_before_decoding(product, settings, monkeypatch):
    settings.IMAGE_MAX_PIXELS = 64 * 48 - 1
    decoded = []
    real_load = ImageFile.ImageFile.load
    monkeypatch.setattr(ImageFile.ImageFile, "load", lambda self: decoded.append(self) or real_load(self))

    error = assert_rejected(product, image_bytes("PNG", size=(64, 48)), "wide.png", "image_too_many_pixels")
    assert decoded == []
    assert "64×48" in error.message


def test_pillow_decompression_bomb_warning_is_a_rejection(product, settings, monkeypatch):
    settings.IMAGE_MAX_PIXELS = 10_000_000
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 2000)  # 64*48 = 3072: warns, below the 2x error
    assert_rejected(product, image_bytes("PNG", size=(64, 48)), "a.png", "image_too_many_pixels")


def test_truncated_png_is_rejected(product):
    img = Image.frombytes("RGB", (120, 120), bytes(random.Random(3).randrange(256) for _ in range(120 * 120 * 3)))
    out = io.BytesIO()
    img.save(out, "PNG")
    content = out.getvalue()[: len(out.getvalue()) // 2]
    assert_rejected(product, content, "cut.png", "image_truncated")


def test_too_long_alt_text_is_rejected(product):
    with pytest.raises(ApplicationError) as excinfo:
        product_image_add(product=product, upload=upload(image_bytes(), "a.jpg"), alt_text="x" * 201)
    assert (excinfo.value.code, excinfo.value.field) == ("alt_text_too_long", "alt_text")
    assert media_files() == []


def test_per_product_limit(product, settings):
    settings.IMAGE_MAX_PER_PRODUCT = 2
    for name in ("a.jpg", "b.jpg"):
        product_image_add(product=product, upload=upload(image_bytes(), name))
    before = media_files()

    with pytest.raises(ApplicationError) as excinfo:
        product_image_add(product=product, upload=upload(image_bytes(), "c.jpg"))
    assert (excinfo.value.code, excinfo.value.field) == ("too_many_images", "image")
    assert ProductImage.objects.filter(product=product).count() == 2
    assert media_files() == before
    # another product is not affected
    product_image_add(product=ProductFactory(), upload=upload(image_bytes(), "d.jpg"))


def test_failure_after_the_file_is_written_leaves_no_orphan(product, monkeypatch):
    def broken_save(self, *args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(ProductImage, "save", broken_save)
    with pytest.raises(RuntimeError):
        product_image_add(product=product, upload=upload(image_bytes(), "a.jpg"))
    assert media_files() == []
    assert ProductImage.objects.count() == 0


def test_nothing_is_enqueued_for_a_rejected_upload(product, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(ApplicationError):
        product_image_add(product=product, upload=upload(gif(), "a.gif"))
    assert callbacks == []


# --- renditions ------------------------------------------------------------------------------


def add_with_renditions(product, content, name, capture):
    with capture(execute=True) as callbacks:
        image = product_image_add(product=product, upload=upload(content, name))
    # The task; then, from it, the deletion of the pending upload (each write also schedules the search index's
    # flush: the product's result card shows its images).
    assert len([c for c in callbacks if c is not _enqueue_flush]) == 2
    image.refresh_from_db()
    return image


def test_renditions_are_made_after_commit(product, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        image = product_image_add(product=product, upload=upload(image_bytes(size=(2000, 1000)), "big.jpg"))
    image.refresh_from_db()
    assert image.renditions == {}  # nothing ran inside the transaction
    assert not image.original and image.pending_upload  # nor was the upload decoded
    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()
    image.refresh_from_db()

    assert set(image.renditions) == {"thumbnail", "card", "large", "webp"}
    expected = {
        "thumbnail": ((200, 100), "JPEG", "jpg"),
        "card": ((600, 300), "JPEG", "jpg"),
        "large": ((1600, 800), "JPEG", "jpg"),
        "webp": ((1600, 800), "WEBP", "webp"),
    }
    for name, (size, fmt, ext) in expected.items():
        path = image.renditions[name]
        assert path == f"products/{product.pk}/renditions/{image.pk}-{name}.{ext}"
        with default_storage.open(path) as fh, Image.open(fh) as img:
            assert (img.size, img.format) == (size, fmt)
    assert len(media_files()) == 5


def test_renditions_are_not_upscaled(product, django_capture_on_commit_callbacks):
    image = add_with_renditions(
        product, image_bytes("PNG", size=(300, 150)), "small.png", django_capture_on_commit_callbacks
    )
    sizes = {}
    for name, path in image.renditions.items():
        with default_storage.open(path) as fh, Image.open(fh) as img:
            sizes[name] = img.size
    assert sizes == {"thumbnail": (200, 100), "card": (300, 150), "large": (300, 150), "webp": (300, 150)}


def test_alpha_is_flattened_onto_white_for_jpeg_renditions(product, django_capture_on_commit_callbacks):
    content = image_bytes("PNG", size=(400, 400), mode="RGBA", color=(0, 0, 0, 0))
    image = add_with_renditions(product, content, "clear.png", django_capture_on_commit_callbacks)
    with default_storage.open(image.renditions["thumbnail"]) as fh, Image.open(fh) as thumb:
        assert thumb.mode == "RGB"
        assert all(channel >= 250 for channel in thumb.getpixel((100, 100)))
    with default_storage.open(image.renditions["webp"]) as fh, Image.open(fh) as webp:
        assert webp.mode == "RGBA"
        assert webp.getpixel((100, 100))[3] == 0


def test_renditions_task_is_idempotent(product, django_capture_on_commit_callbacks):
    image = add_with_renditions(product, image_bytes(size=(800, 600)), "a.jpg", django_capture_on_commit_callbacks)
    files = media_files()
    before = mtimes(image.renditions.values())

    assert make_product_image_renditions.delay(image.pk).get() == {}
    assert product_image_make_renditions(image_id=image.pk) == {}
    assert media_files() == files
    assert mtimes(image.renditions.values()) == before


def test_a_lost_rendition_file_is_remade_alone(product, django_capture_on_commit_callbacks):
    image = add_with_renditions(product, image_bytes(size=(800, 600)), "a.jpg", django_capture_on_commit_callbacks)
    card = image.renditions["card"]
    others = {name: path for name, path in image.renditions.items() if name != "card"}
    before = mtimes(others.values())
    default_storage.delete(card)

    assert make_product_image_renditions(image.pk) == {"card": card}
    assert default_storage.exists(card)
    assert mtimes(others.values()) == before
    image.refresh_from_db()
    assert image.renditions["card"] == card


def test_a_rendition_missing_from_the_record_is_remade(product, django_capture_on_commit_callbacks):
    image = add_with_renditions(product, image_bytes(size=(800, 600)), "a.jpg", django_capture_on_commit_callbacks)
    path = image.renditions.pop("webp")
    image.save(update_fields=["renditions"])

    assert product_image_make_renditions(image_id=image.pk) == {"webp": path}
    assert media_files().count(path) == 1  # overwritten in place, no "-abc123" duplicate


def test_renditions_task_for_a_deleted_image_returns_quietly():
    assert make_product_image_renditions.delay(987654).get() == {}


class RetryRequested(Exception):
    pass


def test_renditions_task_retries_on_storage_errors(monkeypatch):
    def unavailable(*, image_id):
        raise OSError("storage unavailable")

    requested = []

    def fake_retry(*, exc, countdown):
        requested.append((exc, countdown))
        return RetryRequested()

    monkeypatch.setattr(tasks_module, "product_image_make_renditions", unavailable)
    monkeypatch.setattr(make_product_image_renditions, "retry", fake_retry)
    with pytest.raises(RetryRequested):
        make_product_image_renditions(5)
    [(exc, countdown)] = requested
    assert isinstance(exc, OSError) and countdown > 0
    assert make_product_image_renditions.max_retries == 3


# --- reorder -----------------------------------------------------------------------------------


@pytest.fixture
def three_images(product):
    return [product_image_add(product=product, upload=upload(image_bytes(), f"{n}.jpg")) for n in "abc"]


def test_reorder(product, three_images):
    a, b, c = three_images
    result = product_images_reorder(product=product, image_ids=[c.pk, a.pk, b.pk])

    assert [image.pk for image in result] == [c.pk, a.pk, b.pk]
    assert [image.position for image in result] == [0, 1, 2]
    assert list(product.images.values_list("pk", flat=True)) == [c.pk, a.pk, b.pk]


@pytest.mark.parametrize(
    "make_ids",
    [
        pytest.param(lambda a, b, c, other: [a, b], id="missing"),
        pytest.param(lambda a, b, c, other: [a, b, c, other], id="extra-from-another-product"),
        pytest.param(lambda a, b, c, other: [a, b, other], id="swapped-for-another-product"),
        pytest.param(lambda a, b, c, other: [a, a, b, c], id="duplicate"),
        pytest.param(lambda a, b, c, other: [a, b, b], id="duplicate-same-length"),
        pytest.param(lambda a, b, c, other: [], id="empty"),
    ],
)
def test_reorder_rejects_ids_that_are_not_exactly_the_products(product, three_images, make_ids):
    other = product_image_add(product=ProductFactory(), upload=upload(image_bytes(), "x.jpg"))
    ids = make_ids(*(image.pk for image in three_images), other.pk)

    with pytest.raises(ApplicationError) as excinfo:
        product_images_reorder(product=product, image_ids=ids)
    assert (excinfo.value.code, excinfo.value.field) == ("invalid_order", "image_ids")
    assert list(product.images.values_list("position", flat=True)) == [0, 1, 2]


# --- delete ------------------------------------------------------------------------------------


def test_delete_removes_row_and_files_after_commit_and_compacts_positions(product, django_capture_on_commit_callbacks):
    images = [
        add_with_renditions(product, image_bytes(size=(300, 300)), f"{n}.jpg", django_capture_on_commit_callbacks)
        for n in "abc"
    ]
    first, middle, last = images
    doomed = [middle.original.name, *middle.renditions.values()]
    assert all(default_storage.exists(name) for name in doomed)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        product_image_delete(image=middle)
    assert not ProductImage.objects.filter(pk=middle.pk).exists()
    assert all(default_storage.exists(name) for name in doomed)  # not before commit
    for callback in callbacks:
        callback()

    assert not any(default_storage.exists(name) for name in doomed)
    assert len(media_files()) == 10  # the other two images, 1 original + 4 renditions each
    assert list(product.images.values_list("pk", "position")) == [(first.pk, 0), (last.pk, 1)]


def test_delete_of_an_image_without_renditions(product, django_capture_on_commit_callbacks):
    image = product_image_add(product=product, upload=upload(image_bytes(), "a.jpg"))
    with django_capture_on_commit_callbacks(execute=True):
        product_image_delete(image=image)
    assert media_files() == []
    assert ProductImage.objects.count() == 0


# --- processing off the request ------------------------------------------------------------------


@pytest.mark.parametrize(("fmt", "name"), [("JPEG", "a.jpg"), ("PNG", "a.png"), ("WEBP", "a.webp")])
def test_the_request_decodes_no_pixels(product, monkeypatch, fmt, name):
    def must_not_decode(self):
        raise AssertionError("decoded pixels in the request")

    content = image_bytes(fmt, size=(640, 480))
    monkeypatch.setattr(ImageFile.ImageFile, "load", must_not_decode)
    monkeypatch.setattr(Image.Image, "load", must_not_decode)
    image = product_image_add(product=product, upload=upload(content, name))
    image.refresh_from_db()
    assert (image.width, image.height, image.format) == (640, 480, fmt)  # from the header
    assert not image.original and image.pending_upload.name.startswith("uploads/pending/")
    assert media_files() == [image.pending_upload.name]


def test_a_pending_upload_has_no_url_and_keeps_its_metadata_private(product):
    exif = Image.Exif()
    exif[ExifTags.IFD.GPSInfo] = {1: "N", 2: (37.0, 33.0, 1.5)}
    image = product_image_add(product=product, upload=upload(image_bytes(exif=exif), "gps.jpg"))
    from api.v1.serializers import ProductImageSerializer

    body = ProductImageSerializer(image).data
    assert body["url"] is None and body["renditions"] == {}


def idat_with_bad_data(size=(32, 32)) -> bytes:
    """A PNG whose chunks and checksums are fine but whose compressed pixels are not zlib data."""
    header = struct.pack(">IIBBBBB", size[0], size[1], 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", b"not zlib at all" * 20)
        + png_chunk(b"IEND", b"")
    )


def test_damage_found_only_by_decoding_is_recorded_on_the_image(product):
    image = product_image_add(product=product, upload=upload(idat_with_bad_data(), "odd.png"))  # passes the checks
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert product_image_make_renditions(image_id=image.pk) == {}
    image.refresh_from_db()
    assert image.processing_error == "image_invalid"
    assert not image.original and not image.pending_upload and image.renditions == {}
    assert media_files() == []
    assert product_image_make_renditions(image_id=image.pk) == {}  # again: nothing to do, no error


def test_a_truncated_webp_is_refused_in_the_request(product):
    content = image_bytes("WEBP", size=(300, 300))
    assert_rejected(product, content[: len(content) - 40], "cut.webp", "image_truncated")


def test_module_does_not_enable_truncated_loading():
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
