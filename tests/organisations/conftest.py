import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded logos go to a temporary folder, never to the development media folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
