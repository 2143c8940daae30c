"""Product images: checking uploads with Pillow, storing clean copies, and making renditions.

The request does only what is cheap (milliseconds): the byte limit, the header (format, extension, pixel
count, read lazily without decoding a pixel) and a check that the file is complete. The upload is kept
as a pending file that no URL points to, and the rest runs in the `make_product_image_renditions` task after
commit, because decoding and re-encoding a 30-megapixel photo takes seconds (3.4 s measured: decode 1.5,
orientation and colour 0.6, encode 1.3; renditions 2.7 more). The task decodes every pixel once, applies EXIF
orientation in place, converts colours to sRGB, stores a copy without metadata (no EXIF/GPS, no XMP, no comments)
as the image's original (a PNG that needed no change keeps its image data byte for byte, without its other chunks),
deletes the pending file, then makes the renditions from the same decoded pixels (each size resized once, no
full-size copy: bench/renditions.py); it may run any number of times. Until then the image has no URL; a file
that turns out damaged only when decoded gets `processing_error` (its code) instead.
"""

import io
import logging
import math
import struct
import uuid
import warnings
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageFile, ImageOps, UnidentifiedImageError

from market.catalog.models import Product, ProductImage
from market.core.errors import ApplicationError
from market.core.events import announce_products_changed, enqueue_on_commit

logger = logging.getLogger(__name__)

# Pillow format -> (format we store, extension we store, extensions an upload may declare).
# Phones save JPEGs with a second, depth or preview picture; Pillow calls those MPO. We keep the first.
_ALLOWED = {
    "JPEG": ("JPEG", "jpg", {".jpg", ".jpeg"}),
    "MPO": ("JPEG", "jpg", {".jpg", ".jpeg"}),
    "PNG": ("PNG", "png", {".png"}),
    "WEBP": ("WEBP", "webp", {".webp"}),
}
_EXTENSION = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
JPEG_QUALITY = 90
RENDITION_JPEG_QUALITY = 85
WEBP_QUALITY = 85

# name -> (longest side, format); every rendition fits inside a square and is never upscaled.
RENDITION_SPECS = {
    "thumbnail": (200, "JPEG"),
    "card": (600, "JPEG"),
    "large": (1600, "JPEG"),
    "webp": (1600, "WEBP"),
}
assert tuple(RENDITION_SPECS) == ProductImage.RENDITIONS


@dataclass(frozen=True)
class CheckedUpload:
    """An upload whose size, header and completeness passed; its pixels are not decoded yet."""

    content: bytes
    format: str  # the format we store: "JPEG", "PNG" or "WEBP"
    width: int
    height: int
    extension: str


@dataclass(frozen=True)
class CleanImage:
    """An upload that passed every check, re-encoded without metadata."""

    content: bytes
    format: str  # "JPEG", "PNG" or "WEBP"
    width: int
    height: int
    extension: str  # "jpg", "png" or "webp"


def _reject(message: str, code: str) -> ApplicationError:
    return ApplicationError(message, code=code, field="image")


# --- Validation -------------------------------------------------------------------


def _read_upload(upload) -> bytes:
    """The upload's bytes, refusing (before reading them all) anything over IMAGE_MAX_BYTES."""
    limit = settings.IMAGE_MAX_BYTES
    too_large = _reject(
        _("The image is larger than %(limit)s; please upload a smaller file.") % {"limit": _human_bytes(limit)},
        "image_too_large",
    )
    declared = getattr(upload, "size", None)
    if declared is not None and declared > limit:
        raise too_large
    if hasattr(upload, "seek"):
        upload.seek(0)
    content = upload.read(limit + 1)  # `size` may lie; never read more than the limit allows
    if not content:
        raise _reject(_("The image file is empty."), "image_empty")
    if len(content) > limit:
        raise too_large
    return content


def _human_bytes(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):g} MB"
    if n >= 1024:
        return f"{n / 1024:g} KB"
    return f"{n} bytes"


def _too_many_pixels(width: int | None = None, height: int | None = None) -> ApplicationError:
    size = f" ({width}×{height})" if width and height else ""
    return _reject(
        _("The image has too many pixels%(size)s; the limit is %(limit)s pixels.")
        % {"size": size, "limit": f"{settings.IMAGE_MAX_PIXELS:,}"},
        "image_too_many_pixels",
    )


def _open(content: bytes) -> Image.Image:
    """Parse only the header; no pixels are decoded here."""
    try:
        return Image.open(io.BytesIO(content))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels() from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, TypeError):
        raise _reject(
            _("The file is not an image we can read. Upload a JPEG, PNG or WebP picture."), "image_invalid"
        ) from None


def _load(image: Image.Image) -> None:
    """Decode every pixel, so truncated or corrupt files fail here rather than later."""
    if ImageFile.LOAD_TRUNCATED_IMAGES:  # a global; someone set it, and we must not accept half an image
        raise RuntimeError("PIL.ImageFile.LOAD_TRUNCATED_IMAGES must stay False")
    try:
        image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels(*image.size) from None
    except (OSError, SyntaxError, ValueError, EOFError, TypeError) as exc:
        if isinstance(exc, EOFError) or "truncated" in str(exc):
            raise _reject(
                _("The image file is incomplete (truncated); please upload it again."), "image_truncated"
            ) from None
        raise _reject(_("The image data is damaged and cannot be read."), "image_invalid") from None


def _check_extension(name: str, pillow_format: str) -> None:
    suffix = PurePath(name or "").suffix.lower()
    stored_format, _suffix, accepted = _ALLOWED[pillow_format]
    if suffix and suffix not in accepted:
        raise _reject(
            _(
                "The file is named %(suffix)s but is really a %(stored_format)s image; rename it to %(items)s or "
                "export it again."
            )
            % {"suffix": suffix, "stored_format": stored_format, "items": " or ".join(sorted(accepted))},
            "image_extension_mismatch",
        )


def _check_complete(content: bytes, pillow_format: str) -> None:
    """Refuse a cut-off file without decoding it: a PNG's chunks and checksums, a JPEG's end marker after
    its scan, a WebP's declared length. Damage inside the compressed data shows only when decoded (the task)."""
    truncated = _reject(_("The image file is incomplete (truncated); please upload it again."), "image_truncated")
    if pillow_format == "PNG":
        try:
            with Image.open(io.BytesIO(content)) as image:
                image.verify()
        except (OSError, SyntaxError, ValueError, EOFError, struct.error) as exc:
            if isinstance(exc, EOFError) or "runcated" in str(exc):
                raise truncated from None
            raise _reject(_("The image data is damaged and cannot be read."), "image_invalid") from None
    elif pillow_format in ("JPEG", "MPO"):
        # The last start-of-scan must be followed by an end-of-image marker (scan data cannot hold either).
        last_scan = content.rfind(b"\xff\xda")
        if last_scan < 0 or content.rfind(b"\xff\xd9") < last_scan:
            raise truncated
    elif pillow_format == "WEBP" and _riff_cut_short(content):
        raise truncated


def _riff_cut_short(content: bytes) -> bool:
    """A RIFF file (WebP) shorter than the length its header declares."""
    if len(content) < 12 or content[:4] != b"RIFF" or content[8:12] != b"WEBP":
        return False
    return len(content) < struct.unpack("<I", content[4:8])[0] + 8


def check_image_upload(upload) -> CheckedUpload:
    """The cheap checks, fit for the request: size, header, format, extension, pixel count, completeness.

    Raises ApplicationError (field "image") with code image_empty, image_too_large, image_invalid,
    image_format_not_allowed, image_extension_mismatch, image_too_many_pixels or image_truncated.
    """
    content = _read_upload(upload)
    if _riff_cut_short(content):  # Pillow's WebP reader refuses it as unreadable: say what is wrong
        raise _reject(_("The image file is incomplete (truncated); please upload it again."), "image_truncated")
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with _open(content) as image:  # lazy: reads the header only
            if image.format not in _ALLOWED:
                raise _reject(
                    _("%(format)s images are not accepted; upload a JPEG, PNG or WebP picture.")
                    % {"format": image.format or "?"},
                    "image_format_not_allowed",
                )
            _check_extension(getattr(upload, "name", ""), image.format)
            width, height = image.size
            pillow_format = image.format
    if width < 1 or height < 1:
        raise _reject(_("The image has no pixels."), "image_invalid")
    if width * height > settings.IMAGE_MAX_PIXELS:
        raise _too_many_pixels(width, height)
    _check_complete(content, pillow_format)
    stored_format = _ALLOWED[pillow_format][0]
    return CheckedUpload(
        content=content, format=stored_format, width=width, height=height, extension=_EXTENSION[stored_format]
    )


def _decode_clean(content: bytes) -> tuple[Image.Image, str, bool]:
    """The upload's pixels, every one decoded, oriented, in sRGB and without metadata; the format we store; and
    whether those pixels are exactly the upload's as decoded (no turn, no conversion).

    One full-size copy is left (a rotation or a colour conversion holds two for a moment): the original and every
    rendition are encoded from it, so a 40-megapixel upload is never decoded twice.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        image = _open(content)
        try:
            if image.format not in _ALLOWED:
                raise _reject(_("The file is not an image we can read."), "image_invalid")
            width, height = image.size
            if width * height > settings.IMAGE_MAX_PIXELS:
                raise _too_many_pixels(width, height)
            _load(image)
            stored_format = _ALLOWED[image.format][0]
            clean, as_decoded = _strip_and_orient(image)
        except BaseException:
            image.close()
            raise
    if clean is not image:  # close() would discard the pixels of the image we return
        image.close()
    return clean, stored_format, as_decoded


def _clean_upload(clean: Image.Image, stored_format: str) -> CleanImage:
    return CleanImage(
        content=_encode(clean, stored_format),
        format=stored_format,
        width=clean.width,
        height=clean.height,
        extension=_EXTENSION[stored_format],
    )


def clean_image(content: bytes) -> CleanImage:
    """Decode every pixel of a checked upload and re-encode it without metadata (seconds for a large photo)."""
    clean, stored_format, _as_decoded = _decode_clean(content)
    return _clean_upload(clean, stored_format)


def validate_and_clean_image(upload) -> CleanImage:
    """Both steps at once, for callers that want the clean copy now (the checks' codes, or image_truncated
    and image_invalid for damage found while decoding)."""
    return clean_image(check_image_upload(upload).content)


# --- Processing ---------------------------------------------------------------------


def _strip_and_orient(image: Image.Image) -> tuple[Image.Image, bool]:
    """The image with EXIF orientation applied, colours in sRGB and no metadata at all: `image` itself, changed in
    place, unless a conversion made a new one (no full-size copy is made for nothing); and whether its pixels are
    still exactly as decoded."""
    icc = image.info.get("icc_profile")
    decoded = image.im
    try:
        ImageOps.exif_transpose(image, in_place=True)
    except (SyntaxError, ValueError, TypeError, KeyError, OSError, struct.error):
        logger.info("Ignoring unreadable EXIF orientation")
    oriented = image
    if "transparency" in oriented.info:  # a transparent colour key: make it a real alpha channel
        oriented = oriented.convert("LA" if oriented.mode in ("1", "L") else "RGBA")
    oriented = _to_srgb(oriented, icc)
    # Encoders read some metadata (ICC profile, JPEG comment) from `.info` as well: start from nothing.
    oriented.info = {}
    return oriented, oriented is image and image.im is decoded


def _to_srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    """Convert to sRGB through the embedded ICC profile when there is one; CMYK and others become RGB."""
    if icc and image.mode in ("RGB", "RGBA", "CMYK"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            if image.mode != "CMYK" and ImageCms.getProfileDescription(source).strip().startswith("sRGB"):
                return image  # already sRGB (most cameras' and editors' profile): converting changes nothing
            srgb = ImageCms.createProfile("sRGB")
            if image.mode == "RGBA":
                alpha = image.getchannel("A")
                rgb = ImageCms.profileToProfile(image.convert("RGB"), source, srgb, outputMode="RGB")
                rgb.putalpha(alpha)
                return rgb
            return ImageCms.profileToProfile(image, source, srgb, outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            logger.info("Ignoring unusable ICC profile")
    if image.mode in ("CMYK", "YCbCr", "LAB", "HSV"):
        return image.convert("RGB")
    if image.mode == "I" or image.mode.startswith("I;16"):  # 16-bit grey PNG: scale, as convert("L") clips
        return image.convert("I").point(lambda value: value / 256).convert("L")
    return image


# PNG chunks that carry only metadata (text, EXIF, time, colour and display hints), dropped from a kept upload; the
# picture is IHDR, PLTE, IDAT and IEND. A file with any other chunk (animation, private ones) is re-encoded instead.
_PNG_PICTURE_CHUNKS = {b"IHDR", b"PLTE", b"IDAT", b"IEND"}
_PNG_METADATA_CHUNKS = {
    b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"tIME", b"pHYs", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"bKGD", b"sBIT",
    b"hIST", b"sPLT",
}  # fmt: skip


def _png_without_metadata(content: bytes) -> bytes | None:
    """The PNG with its metadata chunks removed and its image data kept byte for byte, or None when it must be
    re-encoded: not 8 bits a sample (Pillow decodes 16-bit colour to 8), a transparent colour key (tRNS: we make it
    an alpha channel), or a chunk that is neither picture nor known metadata. Call it only for an upload whose
    decoded pixels needed no change (_decode_clean's third value), so the stored file shows exactly those pixels."""
    if content[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    kept = [content[:8]]
    offset = 8
    while offset + 12 <= len(content):
        (length,) = struct.unpack(">I", content[offset : offset + 4])
        kind = content[offset + 4 : offset + 8]
        end = offset + 12 + length
        if end > len(content):
            return None
        if kind == b"IHDR" and (length != 13 or content[offset + 16] != 8):  # byte 8 of IHDR data: bit depth
            return None
        if kind in _PNG_PICTURE_CHUNKS:
            kept.append(content[offset:end])
        elif kind not in _PNG_METADATA_CHUNKS:
            return None
        offset = end
        if kind == b"IEND":
            return b"".join(kept)
    return None


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or (
        image.mode in ("P", "L", "RGB") and "transparency" in image.info
    )


def _for_format(image: Image.Image, fmt: str, *, background=(255, 255, 255)) -> Image.Image:
    """The image in a mode `fmt` can store: JPEG has no alpha (flattened onto `background`)."""
    if fmt == "JPEG":
        if _has_alpha(image):
            rgba = image.convert("RGBA")
            flat = Image.new("RGB", rgba.size, background)
            flat.paste(rgba, mask=rgba.getchannel("A"))
            return flat
        return image if image.mode in ("L", "RGB") else image.convert("RGB")
    if fmt == "WEBP":
        if _has_alpha(image):
            return image if image.mode == "RGBA" else image.convert("RGBA")
        return image if image.mode == "RGB" else image.convert("RGB")
    # PNG keeps alpha; anything unusual (16-bit, float, CMYK) becomes RGB(A) or L.
    if image.mode in ("1", "L", "LA", "P", "RGB", "RGBA"):
        return image
    if _has_alpha(image):
        return image.convert("RGBA")
    return image.convert("RGB")


def _encode(image: Image.Image, fmt: str) -> bytes:
    image = _for_format(image, fmt)
    out = io.BytesIO()
    if fmt == "JPEG":
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    elif fmt == "WEBP":
        image.save(out, "WEBP", quality=WEBP_QUALITY, method=4)
    else:
        image.save(out, "PNG")
    return out.getvalue()


# --- Services -------------------------------------------------------------------------


def _lock_product(product: Product) -> Product:
    return Product.objects.select_for_update().get(pk=product.pk)


def _delete_files(names) -> None:
    for name in names:
        if not name:
            continue
        try:
            default_storage.delete(name)
        except OSError:
            logger.warning("Could not delete image file %s", name, exc_info=True)


def product_image_add(*, product: Product, upload, alt_text: str = "") -> ProductImage:
    """Check `upload` cheaply, keep it as the product's last image pending processing, and have it cleaned and
    its renditions made after commit (the task): the request never decodes the pixels."""
    from market.catalog.tasks import make_product_image_renditions

    alt_text = (alt_text or "").strip()
    max_alt = ProductImage._meta.get_field("alt_text").max_length
    if len(alt_text) > max_alt:
        raise ApplicationError(
            _("The image description may be at most %(max_alt)s characters.") % {"max_alt": max_alt},
            code="alt_text_too_long",
            field="alt_text",
        )
    checked = check_image_upload(upload)

    stored_name = None
    try:
        with transaction.atomic():
            product = _lock_product(product)
            existing = ProductImage.objects.filter(product=product)
            limit = settings.IMAGE_MAX_PER_PRODUCT
            if existing.count() >= limit:
                raise ApplicationError(
                    _("A product can have at most %(limit)s images; delete one first.") % {"limit": limit},
                    code="too_many_images",
                    field="image",
                )
            last = existing.aggregate(last=Max("position"))["last"]
            image = ProductImage(
                product=product,
                format=checked.format,
                width=checked.width,  # from the header; the task corrects them for EXIF rotation
                height=checked.height,
                alt_text=alt_text,
                position=0 if last is None else last + 1,
            )
            # As uploaded, metadata and all: a random name under a folder no URL of ours points to.
            filename = f"{uuid.uuid4().hex}.{checked.extension}"
            image.pending_upload.save(filename, ContentFile(checked.content, name=filename), save=False)
            stored_name = image.pending_upload.name
            image.save()
            announce_products_changed(product.pk)  # its card shows the image (pending) in search results
            enqueue_on_commit(make_product_image_renditions, image.pk)
    except BaseException:
        # The row rolled back; the file must go too. (If a caller's outer transaction rolls back
        # later, the file stays behind: call this outside other transactions.)
        _delete_files([stored_name])
        raise
    return image


def product_images_reorder(*, product: Product, image_ids: list[int]) -> list[ProductImage]:
    """Put the product's images in the order of `image_ids`, which must name each of them exactly once."""
    with transaction.atomic():
        product = _lock_product(product)
        images = {image.pk: image for image in ProductImage.objects.select_for_update().filter(product=product)}
        if len(image_ids) != len(images) or set(image_ids) != set(images):
            raise ApplicationError(
                _("The new order must list every image of this product exactly once."),
                code="invalid_order",
                field="image_ids",
            )
        ordered = [images[image_id] for image_id in image_ids]
        for position, image in enumerate(ordered):
            image.position = position
        ProductImage.objects.bulk_update(ordered, ["position"])
        announce_products_changed(product.pk)
    return ordered


def product_image_delete(*, image: ProductImage) -> None:
    """Delete the image; its files go after commit, and the remaining images close up their positions."""
    with transaction.atomic():
        product = _lock_product(image.product)
        locked = ProductImage.objects.select_for_update().filter(pk=image.pk).first()
        if locked is None:
            return
        names = [locked.original.name, locked.pending_upload.name, *locked.renditions.values()]
        locked.delete()
        remaining = list(ProductImage.objects.select_for_update().filter(product=product).order_by("position", "id"))
        changed = []
        for position, other in enumerate(remaining):
            if other.position != position:
                other.position = position
                changed.append(other)
        ProductImage.objects.bulk_update(changed, ["position"])
        announce_products_changed(product.pk)
        transaction.on_commit(lambda: _delete_files(names))


def _rendition_name(image: ProductImage, name: str, fmt: str) -> str:
    return f"products/{image.product_id}/renditions/{image.pk}-{name}.{_EXTENSION[fmt]}"


def _rendition_source(image: Image.Image) -> Image.Image:
    """Palette and 1-bit images resize only by nearest neighbour; give resizing full colour to work with."""
    if _has_alpha(image):
        return image if image.mode == "RGBA" else image.convert("RGBA")
    return image if image.mode in ("L", "RGB") else image.convert("RGB")


def _fit(size: tuple[int, int], longest_side: int) -> tuple[int, int]:
    """The size Image.thumbnail((longest_side, longest_side)) gives an image of `size`: never larger."""
    width, height = size
    if longest_side >= width and longest_side >= height:
        return size

    def round_aspect(number: float, key) -> int:
        return max(min(math.floor(number), math.ceil(number), key=key), 1)

    aspect = width / height
    if aspect <= 1:
        return round_aspect(longest_side * aspect, key=lambda n: abs(aspect - n / longest_side)), longest_side
    return longest_side, round_aspect(
        longest_side / aspect, key=lambda n: 0 if n == 0 else abs(aspect - longest_side / n)
    )


def _make_renditions(image: Image.Image, names) -> dict[str, bytes]:
    """The renditions `names` of `image`, encoded. Each size is resized once (large and webp share theirs) straight
    from `image`, as Image.thumbnail would (LANCZOS after an integer reduce() down to at least twice the size), and
    `image` is never copied: at 40 megapixels a copy is 120 MB."""
    source = _rendition_source(image)
    resized: dict[tuple[int, int], Image.Image] = {}
    made = {}
    for name in names:
        longest_side, fmt = RENDITION_SPECS[name]
        size = _fit(source.size, longest_side)
        if size not in resized:
            resized[size] = (
                source if size == source.size else source.resize(size, Image.Resampling.LANCZOS, reducing_gap=2.0)
            )
        made[name] = _encode_rendition(resized[size], fmt)
    return made


def _encode_rendition(rendition: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    rendition = _for_format(rendition, fmt)
    if fmt == "JPEG":
        rendition.save(out, "JPEG", quality=RENDITION_JPEG_QUALITY, optimize=True, progressive=True)
    else:
        rendition.save(out, "WEBP", quality=WEBP_QUALITY, method=4)
    return out.getvalue()


def _finish_upload(image: ProductImage) -> tuple[str, Image.Image] | None:
    """Clean the pending upload into the image's original (in the caller's transaction, the row locked).

    Returns the stored original's name and its decoded pixels (to make the renditions from), or None when the
    upload proved damaged: the image then records why and keeps no file. The pending file is deleted after commit
    either way.
    """
    with image.pending_upload.open("rb") as fh:
        content = fh.read()
    pending_name = image.pending_upload.name
    try:
        pixels, stored_format, as_decoded = _decode_clean(content)
        stripped = _png_without_metadata(content) if as_decoded and stored_format == "PNG" else None
        if stripped is not None:  # lossless either way: no need to compress every pixel again (seconds)
            clean = CleanImage(
                content=stripped, format="PNG", width=pixels.width, height=pixels.height, extension="png"
            )
        else:
            clean = _clean_upload(pixels, stored_format)
        del content  # up to IMAGE_MAX_BYTES, no longer needed
    except ApplicationError as error:
        logger.info("Image %s could not be processed: %s", image.pk, error.code)
        image.processing_error = error.code
        image.pending_upload = ""
        image.save(update_fields=["processing_error", "pending_upload"])
        announce_products_changed(image.product_id)
        transaction.on_commit(lambda: _delete_files([pending_name]))
        return None
    filename = f"{uuid.uuid4().hex}.{clean.extension}"
    # The named ContentFile lets ImageField read width/height from memory, not back from storage.
    image.original.save(filename, ContentFile(clean.content, name=filename), save=False)
    image.format = clean.format
    image.pending_upload = ""
    image.processing_error = ""
    image.save(update_fields=["original", "width", "height", "format", "pending_upload", "processing_error"])
    transaction.on_commit(lambda: _delete_files([pending_name]))
    return image.original.name, pixels


def product_image_make_renditions(*, image_id: int) -> dict:
    """Finish a pending upload (decode, orient, strip metadata, store the original), then make the renditions
    the image lacks (missing from `renditions` or from storage); safe to repeat.

    Returns {name: storage path} for what this call made ({} when nothing was missing, or the upload proved
    damaged). Raises ProductImage.DoesNotExist when the image is gone.
    """
    made: dict[str, str] = {}
    original = pixels = None
    try:
        with transaction.atomic():
            image = ProductImage.objects.select_for_update().get(pk=image_id)
            if not image.original:
                if not image.pending_upload:
                    return {}  # it failed processing before: nothing to make renditions from
                finished = _finish_upload(image)
                if finished is None:
                    return {}
                original, pixels = finished
            missing = [
                name
                for name in RENDITION_SPECS
                if not image.renditions.get(name) or not default_storage.exists(image.renditions[name])
            ]
            if not missing:
                return {}
            if pixels is not None:  # just cleaned: the same pixels, not the stored copy decoded again
                contents = _make_renditions(pixels, missing)
                pixels = None
            else:
                with image.original.open("rb") as fh, Image.open(fh) as source:
                    source.load()
                    contents = _make_renditions(source, missing)
            for name in missing:
                path = _rendition_name(image, name, RENDITION_SPECS[name][1])
                if default_storage.exists(path):  # a stray file from an earlier, failed run
                    default_storage.delete(path)
                made[name] = default_storage.save(path, ContentFile(contents[name]))
            image.renditions = {**image.renditions, **made}
            image.save(update_fields=["renditions"])
            announce_products_changed(image.product_id)  # search result cards show the renditions
    except BaseException:
        _delete_files([original, *made.values()])
        raise
    return made
