"""Real recordings for the tests: espeak-ng speaks, sox trims, PyAV encodes."""

from __future__ import annotations

import shutil
import subprocess
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

# (container format, codec, file suffix, sample rate) as browsers and phones record.
ENCODINGS = {
    "webm": ("webm", "libopus", ".webm", 48000),
    "ogg": ("ogg", "libopus", ".ogg", 48000),
    "mp3": ("mp3", "libmp3lame", ".mp3", 44100),
    "m4a": ("ipod", "aac", ".m4a", 44100),
    "flac": ("flac", "flac", ".flac", 44100),
    "wav": ("wav", "pcm_s16le", ".wav", 16000),
}


def require_tools() -> None:
    """espeak-ng and sox come from Debian; scripts/test installs them."""
    missing = [tool for tool in ("espeak-ng", "sox") if shutil.which(tool) is None]
    if missing:
        raise RuntimeError(f"missing {missing}: apt-get install espeak-ng sox")


def speak(text: str, path: Path, *, voice: str = "en-us", words_per_minute: int = 150) -> Path:
    """Synthesised speech as a WAV file."""
    require_tools()
    subprocess.run(
        ["espeak-ng", "-v", voice, "-s", str(words_per_minute), "-w", str(path), text],
        check=True,
        capture_output=True,
    )
    return path


def trim(source: Path, target: Path, seconds: float) -> Path:
    """The first `seconds` of a recording (sox)."""
    subprocess.run(
        ["sox", str(source), str(target), "trim", "0", str(seconds)],
        check=True,
        capture_output=True,
    )
    return target


def silence(path: Path, seconds: float, rate: int = 16000) -> Path:
    """A WAV of digital silence."""
    subprocess.run(
        ["sox", "-n", "-r", str(rate), "-c", "1", str(path), "trim", "0", str(seconds)],
        check=True,
        capture_output=True,
    )
    return path


def concat(parts: list[Path], target: Path) -> Path:
    """Recordings (same rate and channels) played one after the other (sox)."""
    subprocess.run(["sox", *map(str, parts), str(target)], check=True, capture_output=True)
    return target


def encode(source: Path, target_dir: Path, kind: str) -> Path:
    """Re-encode a recording into one of ENCODINGS with PyAV."""
    container_format, codec, suffix, rate = ENCODINGS[kind]
    target = target_dir / f"{source.stem}{suffix}"
    with av.open(str(source)) as inp, av.open(str(target), "w", format=container_format) as out:
        stream = out.add_stream(codec, rate=rate)
        stream.layout = "mono"
        resampler = av.AudioResampler(format=stream.format.name, layout="mono", rate=rate)
        for frame in inp.decode(audio=0):
            for converted in resampler.resample(frame):
                for packet in stream.encode(converted):
                    out.mux(packet)
        for converted in resampler.resample(None):
            for packet in stream.encode(converted):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return target


def tone_wav(path: Path, seconds: float, rate: int = 16000) -> Path:
    """A quiet sine tone as WAV, sized exactly (for upload-size benchmarks)."""
    samples = np.sin(np.arange(int(seconds * rate)) * 2 * np.pi * 220 / rate) * 3000
    with av.open(str(path), "w", format="wav") as out:
        stream = out.add_stream("pcm_s16le", rate=rate)
        stream.layout = "mono"
        frame = av.AudioFrame.from_ndarray(
            samples.astype(np.int16)[None, :], format="s16", layout="mono"
        )
        frame.sample_rate = rate
        frame.time_base = Fraction(1, rate)
        for packet in stream.encode(frame):
            out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return path


def with_noise(source: Path, target: Path, volume: float = 0.01) -> Path:
    """The recording with white noise mixed under it (sox)."""
    noise = target.with_suffix(".noise.wav")
    info = subprocess.run(
        ["soxi", "-D", str(source)], check=True, capture_output=True, text=True
    ).stdout.strip()
    rate = subprocess.run(
        ["soxi", "-r", str(source)], check=True, capture_output=True, text=True
    ).stdout.strip()
    subprocess.run(
        [
            "sox",
            "-R",  # repeatable: the same noise on every run
            "-n",
            "-r",
            rate,
            "-c",
            "1",
            str(noise),
            "synth",
            info,
            "whitenoise",
            "vol",
            str(volume),
        ],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        ["sox", "-m", str(source), str(noise), str(target)], check=True, capture_output=True
    )
    noise.unlink()
    return target
