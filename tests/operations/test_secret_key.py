"""The installation's secret key file: made once, completely, whoever starts first."""

import os
import stat
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import ImproperlyConfigured

from matpunkt.env import installation_secret_key


def test_the_first_start_writes_a_private_key_and_later_starts_read_it(tmp_path):
    first = installation_secret_key(tmp_path / "var")
    second = installation_secret_key(tmp_path / "var")

    assert first == second
    assert len(first) >= 50
    path = tmp_path / "var" / "secret_key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sorted(os.listdir(tmp_path / "var")) == ["secret_key"]


def test_workers_starting_together_in_threads_share_one_key(tmp_path):
    with ThreadPoolExecutor(max_workers=16) as pool:
        keys = set(pool.map(lambda _: installation_secret_key(tmp_path), range(64)))

    assert keys == {(tmp_path / "secret_key").read_text().strip()}
    assert sorted(os.listdir(tmp_path)) == ["secret_key"]


def test_worker_processes_starting_together_share_one_key(tmp_path):
    script = (
        "import sys, pathlib; from matpunkt.env import installation_secret_key; "
        "print(installation_secret_key(pathlib.Path(sys.argv[1])))"
    )
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(tmp_path)], stdout=subprocess.PIPE, text=True
        )
        for _ in range(12)
    ]
    keys = {worker.communicate()[0].strip() for worker in workers}

    assert [worker.returncode for worker in workers] == [0] * 12
    assert keys == {(tmp_path / "secret_key").read_text().strip()}


def test_an_empty_key_file_is_refused(tmp_path):
    (tmp_path / "secret_key").write_text("")

    with pytest.raises(ImproperlyConfigured, match="is empty"):
        installation_secret_key(tmp_path)
