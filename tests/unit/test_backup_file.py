"""The backup file format: what it seals comes back only whole, only with its base's key."""

from __future__ import annotations

import io
import struct
from datetime import UTC, datetime

import pytest

from core.crypto import backup_file
from core.crypto.cipher import new_key
from core.errors import BackupTampered, InputError, KeyMissing

BASE = "3f1c2a4e-0000-4000-8000-000000000001"
WHEN = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)
MANIFEST = {"tables": {"persons": 3}, "revision": "0004"}


def make(tmp_path, data: bytes, kek: bytes | None = None):
    kek = kek or new_key()
    header, key = backup_file.new_header(kek, base=BASE, kind="sqlite", created_at=WHEN,
                                         revision="0004", kek_version=1)
    path = tmp_path / "b.sauvegarde"
    with path.open("wb") as out:
        backup_file.write(out, header, key, MANIFEST, io.BytesIO(data))
    return path, kek


def read(path, kek) -> tuple[bytes, dict]:
    out = io.BytesIO()
    _, manifest = backup_file.read(path, kek, out)
    return out.getvalue(), manifest


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(backup_file, "CHUNK", 64)


@pytest.mark.parametrize("size", [0, 1, 64, 65, 1000])
def test_what_is_sealed_comes_back_with_its_manifest_and_header(tmp_path, small_chunks, size):
    data = bytes(range(256)) * 4
    path, kek = make(tmp_path, data[:size])
    assert read(path, kek) == (data[:size], MANIFEST)
    header = backup_file.read_header(path)
    assert (header.base, header.kind, header.created_at, header.revision) == (
        BASE, "sqlite", WHEN, "0004")


def test_the_clear_bytes_are_not_in_the_file(tmp_path):
    secret = b"kanari-sauvegarde " * 50
    path, _ = make(tmp_path, secret)
    assert b"kanari" not in path.read_bytes()


def test_two_backups_of_the_same_bytes_differ(tmp_path):
    kek = new_key()
    first, _ = make(tmp_path, b"meme contenu" * 10, kek)
    one = first.read_bytes()
    second, _ = make(tmp_path, b"meme contenu" * 10, kek)
    assert one != second.read_bytes()


def test_every_changed_byte_is_refused(tmp_path, small_chunks):
    path, kek = make(tmp_path, bytes(range(200)))
    original = path.read_bytes()
    header_end = len(backup_file.MAGIC) + 4 + struct.unpack(
        ">I", original[len(backup_file.MAGIC):len(backup_file.MAGIC) + 4])[0]
    for position in range(len(original)):
        changed = bytearray(original)
        changed[position] ^= 0x01
        path.write_bytes(bytes(changed))
        with pytest.raises((BackupTampered, KeyMissing, InputError)) as caught:
            read(path, kek)
        if position >= header_end:  # past the header, only the authentication can tell
            assert isinstance(caught.value, BackupTampered), position


@pytest.mark.parametrize("cut", [1, 16, 100])
def test_a_file_cut_short_is_refused(tmp_path, small_chunks, cut):
    path, kek = make(tmp_path, bytes(range(200)))
    path.write_bytes(path.read_bytes()[:-cut])
    with pytest.raises(BackupTampered, match="modifiée, tronquée"):
        read(path, kek)


def test_a_file_cut_at_a_record_boundary_is_refused(tmp_path, small_chunks):
    path, kek = make(tmp_path, bytes(range(200)))
    data = path.read_bytes()
    records, offset = [], len(backup_file.MAGIC) + 4 + struct.unpack(
        ">I", data[len(backup_file.MAGIC):len(backup_file.MAGIC) + 4])[0]
    while offset < len(data):
        size = struct.unpack(">I", data[offset + 1:offset + 5])[0]
        records.append((offset, offset + 5 + size))
        offset += 5 + size
    path.write_bytes(data[:records[-1][0]])  # the last record removed whole
    with pytest.raises(BackupTampered):
        read(path, kek)
    # Swapping two data records is refused too.
    a, b = records[1], records[2]
    path.write_bytes(data[:a[0]] + data[b[0]:b[1]] + data[a[0]:a[1]] + data[b[1]:])
    with pytest.raises(BackupTampered):
        read(path, kek)


def test_bytes_after_the_end_are_refused(tmp_path):
    path, kek = make(tmp_path, b"contenu")
    path.write_bytes(path.read_bytes() + b"\0")
    with pytest.raises(BackupTampered):
        read(path, kek)


def test_another_key_is_told_apart_from_tampering(tmp_path):
    path, _ = make(tmp_path, b"contenu")
    with pytest.raises(KeyMissing, match="ne correspond pas"):
        read(path, new_key())


def test_a_file_that_is_not_a_backup_is_named(tmp_path):
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0" + b"\0" * 100)
    with pytest.raises(InputError, match="n'est pas une sauvegarde Parcours"):
        backup_file.read_header(path)
