"""The JDK that runs the Java side of the comparison scripts: the one bin/newest-java picks (the newest installed
JDK >= 21, else the java on PATH; COLA4J_JAVA overrides), so the figures are those the launcher gets."""
import os
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def java():
    """Path of the java executable to run."""
    return subprocess.run([os.path.join(ROOT, "bin", "newest-java")], check=True, capture_output=True,
                          text=True).stdout.strip()


def version(java_path):
    """The JDK's own version line, e.g. 'openjdk version "25.0.3" 2025-04-15 LTS', for the results header."""
    out = subprocess.run([java_path, "-version"], capture_output=True, text=True).stderr
    return out.splitlines()[0] if out else java_path
