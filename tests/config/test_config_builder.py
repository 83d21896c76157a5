"""The MkDocs configuration kbgen derives from site_config.yml."""

from __future__ import annotations

from pathlib import Path

import yaml
from mkdocs.config import load_config as load_mkdocs_config

from kbgen.config import load_config
from kbgen.mkdocs.config_builder import GeneratedConfigFile, mkdocs_settings
from kbgen.mkdocs.theme_layers import theme_dir


def test_settings_use_content_overrides_and_no_google_fonts(make_site) -> None:
    """docs_dir is content/, custom_dir is kbgen's theme, fonts are off, kbgen plugin is on."""
    config = make_site({}, config="site_name: Help\ntheme:\n  palette:\n    primary: teal\n")
    settings = mkdocs_settings(load_config(config))
    assert settings["docs_dir"] == str((config.parent / "content").resolve())
    assert Path(settings["theme"]["custom_dir"]) == theme_dir()
    assert settings["theme"]["font"] is False
    assert [entry["scheme"] for entry in settings["theme"]["palette"]] == ["default", "slate"]
    assert settings["theme"]["palette"][0]["primary"] == "teal"
    assert any(isinstance(p, dict) and "kbgen" in p for p in settings["plugins"])


def test_mkdocs_accepts_the_generated_config(make_site, tmp_path: Path) -> None:
    """MkDocs validates the generated configuration without errors or warnings."""
    config = make_site(
        {"help/a.md": "# A\n"},
        config="site_name: Help\nrepo_url: https://github.com/a/b\n"
        "theme:\n  show_edit_link: true\n",
    )
    loaded = load_mkdocs_config(GeneratedConfigFile(config), site_dir=str(tmp_path / "out"))
    assert loaded.site_name == "Help"
    assert loaded.edit_uri == "https://github.com/a/b/edit/main/content/"
    assert loaded.repo_url is None
    assert loaded.config_file_path == str(config.resolve())


def test_config_stream_regenerates_after_edits(make_site) -> None:
    """Each rewind re-reads site_config.yml, so `kbgen serve` picks up config edits."""
    config = make_site({}, config="site_name: Before\n")
    stream = GeneratedConfigFile(config.resolve())
    stream.seek(0)
    assert yaml.safe_load(stream.read())["site_name"] == "Before"
    config.write_text("site_name: After\n", encoding="utf-8")
    stream.close()
    stream.seek(0)
    assert yaml.safe_load(stream.read())["site_name"] == "After"


def test_a_site_overrides_folder_is_layered_in_front_of_kbgen_theme(make_site) -> None:
    """A site's overrides/ is custom_dir; kbgen's theme follows it, then Material."""
    config = make_site({"help/a.md": "# A\n"}, config="site_name: Help\n")
    (config.parent / "overrides").mkdir()
    mkdocs_config = load_mkdocs_config(GeneratedConfigFile(config))
    mkdocs_config.plugins.on_config(mkdocs_config)
    dirs = [Path(entry) for entry in mkdocs_config.theme.dirs]
    assert dirs[0] == (config.parent / "overrides").resolve()
    assert dirs[1] == theme_dir()
    assert dirs[2].parts[-2:] == ("material", "templates")
