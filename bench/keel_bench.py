"""Helpers shared by the comparison scripts in bench/: build the Keel side once and run one of its subcommands."""
import json
import os
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def build_keel():
    """Builds bench/Keel.Benchmarks in Release and returns the path of its dll."""
    subprocess.run(["dotnet", "build", os.path.join(ROOT, "bench", "Keel.Benchmarks"), "-c", "Release", "-v", "q",
                    "-nologo"], check=True, stdout=subprocess.DEVNULL)
    return os.path.join(ROOT, "bench", "Keel.Benchmarks", "bin", "Release", "net10.0", "Keel.Benchmarks.dll")


def run_keel(dll, *args):
    """Runs `Keel.Benchmarks ARGS` in its own process; returns the JSON objects it printed, one per line."""
    result = subprocess.run(["dotnet", dll, *args], check=True, capture_output=True, text=True)
    return [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
