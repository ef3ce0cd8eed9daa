"""Pelican adapter: writes ``/admin/`` (page, generated configuration, the CMS's own files)."""

from __future__ import annotations

import json
import os
import shutil

import yaml

from plugins.assets.model import AssetManifest
from plugins.common.pelican_content import output_step
from plugins.site.buildcontext import BuildContext

from .model import choices_of, data_key_order, data_paths, decap_config, derived_slugs, file_name_fields
from .settings import cms_config

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FOLDER = "admin"
HERE = os.path.dirname(os.path.abspath(__file__))
# js-yaml's browser build, beside decap-cms in tools/cms/node_modules (pinned in package.json):
# the data files' list format reads and writes YAML with it.
JS_YAML = os.path.join("..", "..", "js-yaml", "dist", "js-yaml.min.js")

PAGE = """<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>网页编辑器 · {site_name}</title>
</head>
<body>
{body}
</body>
</html>
"""

MISSING = """<main style="font: 16px/1.6 sans-serif; max-width: 40em; margin: 3em auto">
<h1>网页编辑器尚未安装</h1>
<p>请在网站文件夹中运行 <code>npm ci --prefix tools/cms</code>，然后重新运行 <code>invoke build</code>
（或 <code>invoke serve</code>）。详见 docs/开发说明.md“网页编辑器”。</p>
</main>"""

# Ours, after the CMS: the preview uses the site's stylesheet, so an editor sees the
# article as readers will.
ADMIN_JS = """CMS.registerPreviewStyle({css});

// The order list-format.js writes a data record's fields in (the registry's order).
window.WFU_LIST_KEYS = {keys};

// The field that names a file (slug or id) may be missing from an existing file: the build
// derives it (the title's pinyin, slugs.json; the file name).  On save it is written down
// with the value the site already uses, so the URL never moves; a new file must be given one.
(function () {{
  var naming = {naming};
  var known = null;
  CMS.registerEventListener({{
    name: "preSave",
    handler: async function (event) {{
      var entry = event.entry;
      var data = entry.get("data");
      var field = naming[entry.get("collection")];
      if (!field || data.get(field)) return data;
      var path = entry.get("path");
      if (!entry.get("newRecord") && path) {{
        if (field === "id") return data.set("id", path.split("/").pop().replace(/[.]md$/, ""));
        known = known || fetch("slugs.json", {{ cache: "no-store" }}).then(function (r) {{ return r.json(); }});
        var slug = (await known)[path];
        if (slug) return data.set("slug", slug);
      }}
      throw new Error(field === "id"
        ? "请填写“编号”：小写英文、数字和连字符，例如 weifang-seed（文件名和网址都用它，发布后不要再改）"
        : "请填写“网址名”：标题的拼音，用连字符连接，例如 xiao-you-fan-xiao（发布后不要再改）");
    }},
  }});
}})();
"""


def vendor_files(vendor: str) -> list[str]:
    """The files of the npm package's ``dist`` the page loads: the bundle, its chunks, wasm.

    Not ``decap-cms.js.LICENSE.txt``: it lists the bundled libraries' authors with
    their e-mail addresses, which the output privacy scan rightly refuses; the
    licences stay in ``tools/cms/node_modules`` beside the pinned package.
    """
    return sorted(
        name
        for name in os.listdir(vendor)
        if name == "decap-cms.js" or name.endswith((".decap-cms.js", ".wasm"))
    )


def get_generators(pelican):
    return output_step(write_admin)


def write_admin(pelican) -> None:
    settings = pelican.settings
    config = cms_config(settings.get("CMS"))
    site = BuildContext.of(pelican.context).site
    if not config.enabled:
        return
    if settings.get("PUBLISH") and not config.backend:
        # The published site has no local backend to talk to: /admin/ appears once
        # publishconf.py names the university's Git server (and the 5 MB bundle is not
        # compressed on every publish for nothing).
        return
    target = os.path.join(pelican.output_path, FOLDER)
    os.makedirs(target, exist_ok=True)
    vendor = os.path.join(ROOT, config.vendor)
    site_name = settings.get("SITENAME", "")
    if not os.path.isfile(os.path.join(vendor, "decap-cms.js")):
        with open(os.path.join(target, "index.html"), "w", encoding="utf-8") as handle:
            handle.write(PAGE.format(site_name=site_name, body=MISSING))
        return
    for name in vendor_files(vendor):
        shutil.copyfile(os.path.join(vendor, name), os.path.join(target, name))
    shutil.copyfile(os.path.normpath(os.path.join(vendor, JS_YAML)), os.path.join(target, "js-yaml.min.js"))
    shutil.copyfile(os.path.join(HERE, "list-format.js"), os.path.join(target, "list-format.js"))
    site_url = settings.get("SITEURL", "")
    prefix = settings.get("THEME_STATIC_DIR", "theme")
    css = f"{site_url}/{prefix}/{AssetManifest(os.path.join(settings['THEME'], 'static'))('css/site.css')}"
    with open(os.path.join(target, "admin.js"), "w", encoding="utf-8") as handle:
        handle.write(
            ADMIN_JS.format(
                css=json.dumps(css),
                naming=json.dumps(file_name_fields()),
                keys=json.dumps(data_key_order()),
            )
        )
    with open(os.path.join(target, "slugs.json"), "w", encoding="utf-8") as handle:
        json.dump(derived_slugs(site), handle, ensure_ascii=False, sort_keys=True)
    with open(os.path.join(target, "config.yml"), "w", encoding="utf-8") as handle:
        handle.write("# Generated by plugins/cms from plugins/common/editorfields.py: do not edit.\n")
        yaml.safe_dump(
            decap_config(choices_of(site), config, site_url, data_paths(site)),
            handle,
            allow_unicode=True,
            sort_keys=False,
            width=1000,
        )
    body = "\n".join(
        f'<script src="{name}"></script>'
        for name in ("decap-cms.js", "js-yaml.min.js", "list-format.js", "admin.js")
    )
    with open(os.path.join(target, "index.html"), "w", encoding="utf-8") as handle:
        handle.write(PAGE.format(site_name=site_name, body=body))
