#!/usr/bin/env python3
"""Builds the course videos of "Building Great Relationships" from text.

For each narration script in narration/ (preview.txt, part-1.txt …), this
draws one slide per `## ` section (Pillow, DejaVu Sans), speaks each
sentence with espeak-ng (so every sentence's duration is known), joins the
sentences with short pauses into one narration track, and has ffmpeg encode
the slides and the narration as WebM (VP9 + Opus). Beside each video it
writes WebVTT captions timed from the narration, a chapters WebVTT with one
chapter per slide, and a JPEG poster (the title slide).

Usage:  python3 tools/course-video/build.py [--out DIR] [--only NAME ...]

The outputs go to content/courses/building-great-relationships/media/ by
default. Only authors run this: rapport and its tests never need espeak-ng
or ffmpeg. See README.md for the packages and the exact commands.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import wave
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
DEFAULT_OUT = ROOT / "content/courses/building-great-relationships/media"
COURSE = "Building Great Relationships"

# Frame, fonts, colours.
WIDTH, HEIGHT = 1280, 720
FPS = 5  # slides are still: few frames, and VP9 codes a repeated frame in bytes
FONT_DIR = Path(os.environ.get("COURSE_VIDEO_FONTS", "/usr/share/fonts/truetype/dejavu"))
REGULAR = FONT_DIR / "DejaVuSans.ttf"
BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"
PAPER = (247, 244, 238)
INK = (33, 37, 41)
MUTED = (98, 104, 112)
ACCENT = (22, 110, 122)

# The voice: espeak-ng's US English at an unhurried pace.
VOICE = os.environ.get("COURSE_VIDEO_VOICE", "en-us")
SPEED_WPM = 140
PITCH = 42
# Pauses, in seconds.
LEAD_IN = 0.5  # before a slide's first sentence
BETWEEN_SENTENCES = 0.35
TAIL = 0.7  # after a slide's last sentence, before the next slide

# What a finished video must be, checked after the build.
LIMITS = {"preview": (50.0, 75.0)}
PART_LIMITS = (120.0, 240.0)
TOTAL_BYTES_MAX = 25 * 1024 * 1024
# A caption cue holds at most two lines of about 42 characters.
CUE_CHARS = 84


@dataclass
class Slide:
    title: str
    points: list[str] = field(default_factory=list)
    narration: list[str] = field(default_factory=list)


@dataclass
class Script:
    name: str
    title: str
    subtitle: str
    slides: list[Slide]


def parse_script(path: Path) -> Script:
    """`title:`/`subtitle:` lines, then `## ` slides with `* ` points and narration."""
    title = subtitle = ""
    slides: list[Slide] = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#") and not line.startswith("## "):
            continue
        if line.startswith("## "):
            slides.append(Slide(line[3:].strip()))
        elif not slides and line.startswith("title:"):
            title = line.split(":", 1)[1].strip()
        elif not slides and line.startswith("subtitle:"):
            subtitle = line.split(":", 1)[1].strip()
        elif not slides:
            sys.exit(f"{path}:{number}: expected title:, subtitle: or a `## ` slide")
        elif line.startswith("* "):
            slides[-1].points.append(line[2:].strip())
        else:
            slides[-1].narration.extend(sentences(line))
    if not title or not slides:
        sys.exit(f"{path}:1: a script needs a `title:` and at least one `## ` slide")
    for slide in slides:
        if not slide.narration:
            sys.exit(f"{path}: slide “{slide.title}” has no narration")
    return Script(path.stem, title, subtitle, slides)


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]


# --- speech -----------------------------------------------------------------


def speak(text: str, wav: Path) -> None:
    subprocess.run(
        ["espeak-ng", "-v", VOICE, "-s", str(SPEED_WPM), "-p", str(PITCH), "-w", str(wav), text],
        check=True,
    )


class Track:
    """The narration as one mono WAV, appended sentence by sentence."""

    def __init__(self, path: Path, params: wave._wave_params):
        self.out = wave.open(str(path), "wb")
        self.out.setparams(params)
        self.rate = params.framerate
        self.frame_bytes = params.sampwidth * params.nchannels
        self.frames = 0

    @property
    def seconds(self) -> float:
        return self.frames / self.rate

    def silence(self, seconds: float) -> None:
        n = round(seconds * self.rate)
        self.out.writeframes(b"\x00" * n * self.frame_bytes)
        self.frames += n

    def append(self, wav: Path) -> tuple[float, float]:
        with wave.open(str(wav), "rb") as w:
            data = w.readframes(w.getnframes())
        start = self.seconds
        self.out.writeframes(data)
        self.frames += len(data) // self.frame_bytes
        return start, self.seconds

    def close(self) -> None:
        self.out.close()


# --- captions ---------------------------------------------------------------


def timestamp(seconds: float) -> str:
    ms = round(seconds * 1000)
    h, ms = divmod(ms, 3_600_000)
    m, ms = divmod(ms, 60_000)
    s, ms = divmod(ms, 1000)
    return f"{h:02}:{m:02}:{s:02}.{ms:03}"


def chunks(sentence: str) -> list[str]:
    """A long sentence as cues of about equal length (at most CUE_CHARS),
    cut between words, after a comma when one is near the ideal cut."""
    out: list[str] = []
    rest = sentence
    while len(rest) > CUE_CHARS:
        pieces = -(-len(rest) // CUE_CHARS)  # ceiling
        ideal = len(rest) // pieces
        spaces = [m.start() for m in re.finditer(" ", rest[: CUE_CHARS + 1])]
        # A comma within 12 characters of the ideal cut wins over a bare space.
        cut = min(spaces, key=lambda i: abs(i - ideal) - (12 if rest[i - 1] == "," else 0))
        out.append(rest[:cut].strip())
        rest = rest[cut:].strip()
    out.append(rest)
    return out


def wrap_cue(text: str) -> str:
    """Two balanced lines for a cue longer than one line."""
    if len(text) <= CUE_CHARS // 2:
        return text
    words = text.split()
    best, best_diff = text, len(text)
    for i in range(1, len(words)):
        a, b = " ".join(words[:i]), " ".join(words[i:])
        if abs(len(a) - len(b)) < best_diff:
            best, best_diff = f"{a}\n{b}", abs(len(a) - len(b))
    return best


def cues_for(sentence: str, start: float, end: float) -> list[tuple[float, float, str]]:
    """Splits a sentence's time among its chunks by their length."""
    parts = chunks(sentence)
    total = sum(len(p) for p in parts)
    out, t = [], start
    for p in parts:
        span = (end - start) * len(p) / total
        out.append((t, t + span, wrap_cue(p)))
        t += span
    return out


def write_vtt(path: Path, cues: list[tuple[float, float, str]]) -> None:
    lines = ["WEBVTT", ""]
    for i, (start, end, text) in enumerate(cues, 1):
        lines += [str(i), f"{timestamp(start)} --> {timestamp(end)}", text, ""]
    path.write_text("\n".join(lines), encoding="utf-8")


# --- slides -----------------------------------------------------------------


def font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size)


def wrap_text(draw: ImageDraw.ImageDraw, text: str, f, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=f) <= width or not line:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def draw_slide(script: Script, index: int, path: Path) -> None:
    slide = script.slides[index]
    img = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    d = ImageDraw.Draw(img)
    left, right = 96, WIDTH - 96
    d.rectangle([0, 0, 24, HEIGHT], fill=ACCENT)
    footer = font(REGULAR, 22)
    label = COURSE if script.name == "preview" else f"{COURSE} · {script.subtitle}"
    d.text((left, HEIGHT - 64), label, font=footer, fill=MUTED)
    if index == 0:
        kicker = font(BOLD, 30)
        d.text((left, 190), script.subtitle.upper(), font=kicker, fill=ACCENT)
        title_font = font(BOLD, 68)
        y = 250
        for line in wrap_text(d, slide.title, title_font, right - left):
            d.text((left, y), line, font=title_font, fill=INK)
            y += 84
        body = font(REGULAR, 34)
        y += 24
        if script.name != "preview":
            d.text((left, y), f"A short video from the course “{COURSE}”", font=body, fill=MUTED)
            y += 46
        for point in slide.points:
            if point == script.subtitle:
                continue
            for line in wrap_text(d, point, body, right - left):
                d.text((left, y), line, font=body, fill=MUTED)
                y += 46
    else:
        title_font = font(BOLD, 50)
        y = 96
        for line in wrap_text(d, slide.title, title_font, right - left):
            d.text((left, y), line, font=title_font, fill=INK)
            y += 64
        d.rectangle([left, y + 14, left + 120, y + 20], fill=ACCENT)
        y += 64
        body = font(REGULAR, 36)
        for point in slide.points:
            d.ellipse([left + 4, y + 15, left + 18, y + 29], fill=ACCENT)
            for line in wrap_text(d, point, body, right - left - 48):
                d.text((left + 48, y), line, font=body, fill=INK)
                y += 48
            y += 22
    img.save(path)


# --- one video --------------------------------------------------------------


def build(script: Script, out: Path, work: Path) -> None:
    print(f"{script.name}: {len(script.slides)} slides", flush=True)
    wavs = []
    for i, slide in enumerate(script.slides):
        for j, sentence in enumerate(slide.narration):
            wav = work / f"s{i:02}-{j:02}.wav"
            speak(sentence, wav)
            wavs.append((i, sentence, wav))
    with wave.open(str(wavs[0][2]), "rb") as w:
        params = w.getparams()
    narration = work / "narration.wav"
    track = Track(narration, params)
    captions: list[tuple[float, float, str]] = []
    slide_spans: list[tuple[float, float]] = []
    for i, slide in enumerate(script.slides):
        slide_start = track.seconds
        track.silence(LEAD_IN)
        mine = [(s, w) for (k, s, w) in wavs if k == i]
        for j, (sentence, wav) in enumerate(mine):
            if j:
                track.silence(BETWEEN_SENTENCES)
            start, end = track.append(wav)
            captions += cues_for(sentence, start, end)
        track.silence(TAIL)
        slide_spans.append((slide_start, track.seconds))
    track.close()

    concat = work / "slides.txt"
    entries = []
    for i, (start, end) in enumerate(slide_spans):
        png = work / f"slide-{i:02}.png"
        draw_slide(script, i, png)
        entries.append(f"file '{png}'\nduration {end - start:.3f}")
    # The concat demuxer needs the last image once more to honour its duration.
    entries.append(f"file '{work / f'slide-{len(slide_spans) - 1:02}.png'}'")
    concat.write_text("\n".join(entries) + "\n", encoding="utf-8")

    webm = out / f"{script.name}.webm"
    subprocess.run(
        [
            "ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
            "-f", "concat", "-safe", "0", "-i", str(concat),
            "-i", str(narration),
            "-map", "0:v", "-map", "1:a",
            "-vf", f"fps={FPS},format=yuv420p",
            "-c:v", "libvpx-vp9", "-b:v", "0", "-crf", "42",
            "-deadline", "good", "-cpu-used", "5", "-row-mt", "1", "-threads", "2",
            "-g", str(FPS * 10),
            "-c:a", "libopus", "-b:a", "32k", "-ac", "1",
            "-t", f"{track.seconds:.3f}",
            "-map_metadata", "-1", "-fflags", "+bitexact",
            "-flags:v", "+bitexact", "-flags:a", "+bitexact",
            str(webm),
        ],
        check=True,
    )
    write_vtt(out / f"{script.name}.vtt", captions)
    write_vtt(
        out / f"{script.name}.chapters.vtt",
        [(s, e, slide.title) for (s, e), slide in zip(slide_spans, script.slides)],
    )
    Image.open(work / "slide-00.png").convert("RGB").save(
        out / f"{script.name}.jpg", quality=85, optimize=True
    )


def duration(webm: Path) -> float:
    probe = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", str(webm)],
        check=True, capture_output=True, text=True,
    )
    return float(probe.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--only", nargs="*", help="script names, e.g. preview part-3")
    args = parser.parse_args()
    for tool in ("espeak-ng", "ffmpeg", "ffprobe"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is missing: apt-get install -y ffmpeg espeak-ng (see README.md)")
    for f in (REGULAR, BOLD):
        if not f.exists():
            sys.exit(f"{f} is missing: apt-get install -y fonts-dejavu-core, or set COURSE_VIDEO_FONTS")
    args.out.mkdir(parents=True, exist_ok=True)
    names = ["preview"] + [f"part-{n}" for n in range(1, 6)]
    for name in args.only or names:
        script = parse_script(HERE / "narration" / f"{name}.txt")
        with tempfile.TemporaryDirectory(prefix=f"course-video-{name}-") as work:
            build(script, args.out, Path(work))
    problems, total = [], 0
    for name in names:
        webm = args.out / f"{name}.webm"
        if not webm.exists():
            continue
        seconds, size = duration(webm), webm.stat().st_size
        total += size
        low, high = LIMITS.get(name, PART_LIMITS)
        print(f"{name}.webm: {seconds:.1f} s, {size / 1024:.0f} KiB")
        if not low <= seconds <= high:
            problems.append(f"{name}.webm lasts {seconds:.1f} s, outside {low:.0f}–{high:.0f} s")
    print(f"all videos: {total / 1024 / 1024:.2f} MiB")
    if total > TOTAL_BYTES_MAX:
        problems.append(f"the videos take {total} bytes, over {TOTAL_BYTES_MAX}")
    if problems:
        sys.exit("\n".join(problems))


if __name__ == "__main__":
    main()
