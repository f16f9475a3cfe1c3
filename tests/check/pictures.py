"""Pictures for the photo tests, made here: PNG and GIF written by hand
(zlib and an uncompressed LZW stream), JPEG and WebP through cjpeg and cwebp
(libjpeg-turbo-progs and webp, which scripts/setup.sh installs).

Each picture is a pattern of bands and a gradient in a colour of its own,
so a rendered page shows whether it was drawn, and where.
"""
import os
import shutil
import struct
import subprocess
import tempfile
import zlib


def pixels(width, height, colour):
    """Rows of RGB bytes: `colour` in bands, with a gradient across."""
    r0, g0, b0 = colour
    bands = []
    for k in (1.0, 0.55):
        row = bytearray()
        for x in range(width):
            t = x * 255 // max(width - 1, 1)
            row += bytes((int(r0 * k) ^ (t >> 3), int(g0 * k), int(b0 * k)))
        bands.append(bytes(row))
    return [bands[(y * 8 // height) % 2] for y in range(height)]


def png(width, height, colour=(40, 120, 200), alpha=False):
    """A PNG (RGB, or RGBA with a transparent left half)."""
    raw = bytearray()
    for row in pixels(width, height, colour):
        raw.append(0)
        if alpha:
            for x in range(width):
                raw += row[3 * x:3 * x + 3] + bytes((0 if x < width // 2 else 255,))
        else:
            raw += row

    def chunk(kind, data):
        c = kind + data
        return struct.pack(">I", len(data)) + c + struct.pack(">I", zlib.crc32(c))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 6 if alpha else 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) +
            chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + chunk(b"IEND", b""))


def png_declaring(width, height):
    """A tiny PNG whose header declares width x height (a pixel bomb)."""
    def chunk(kind, data):
        c = kind + data
        return struct.pack(">I", len(data)) + c + struct.pack(">I", zlib.crc32(c))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) +
            chunk(b"IDAT", zlib.compress(b"\0" * 1024)) + chunk(b"IEND", b""))


def _tool(name):
    path = shutil.which(name)
    if not path:
        raise RuntimeError("%s is not installed (scripts/setup.sh)" % name)
    return path


def jpeg(width, height, colour=(200, 80, 40), quality=85, progressive=False):
    """A JPEG made by cjpeg from the pattern."""
    ppm = b"P6\n%d %d\n255\n" % (width, height) + b"".join(
        pixels(width, height, colour))
    args = [_tool("cjpeg"), "-quality", str(quality)]
    if progressive:
        args.append("-progressive")
    return subprocess.run(args, input=ppm, stdout=subprocess.PIPE,
                          check=True).stdout


def gif(width, height, colour=(60, 160, 60)):
    """A GIF in two colours (the pattern's bands), its LZW stream written
    uncompressed: a clear code before every 126 pixels, 8-bit codes."""
    palette = bytes(colour) + bytes(c // 2 for c in colour) + b"\0" * 6
    codes = bytearray()
    pix = [(y * 8 // height) % 2 for y in range(height) for _ in range(width)]
    for i in range(0, len(pix), 126):
        codes.append(0x80)                # clear (code size 7: 128)
        codes += bytes(pix[i:i + 126])
    codes.append(0x81)                    # end
    # 8-bit codes: the code size stays 8 because no code is ever added
    # past 254 before the next clear.
    data = bytearray()
    for i in range(0, len(codes), 255):
        block = codes[i:i + 255]
        data += bytes((len(block),)) + block
    data += b"\0"
    return (b"GIF89a" + struct.pack("<HHBBB", width, height, 0x81, 0, 0) +
            palette + b"," + struct.pack("<HHHHB", 0, 0, width, height, 0) +
            b"\x07" + bytes(data) + b";")


def webp(width, height, colour=(150, 60, 160)):
    """A lossless WebP made by cwebp from a PNG of the pattern."""
    with tempfile.TemporaryDirectory() as tmp:
        src, out = os.path.join(tmp, "p.png"), os.path.join(tmp, "p.webp")
        with open(src, "wb") as f:
            f.write(png(width, height, colour))
        subprocess.run([_tool("cwebp"), "-quiet", "-lossless", src, "-o", out],
                       check=True)
        with open(out, "rb") as f:
            return f.read()
