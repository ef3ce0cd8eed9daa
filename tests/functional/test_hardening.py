"""The hardening building blocks against the real sample site: no false alarms on legitimate output."""

import os

from plugins.common.imagesafety import inspect_image
from plugins.common.privacy import scan_output_tree
from plugins.common.privacyerrors import policy_from_settings


def test_built_sample_site_has_no_personal_data(sample_site, published_site):
    policy = policy_from_settings(None)
    assert scan_output_tree(str(sample_site), policy) == []
    assert scan_output_tree(str(published_site), policy) == []


def test_published_images_pass_the_image_checks(sample_site):
    checked = 0
    for root, _, files in os.walk(sample_site):
        for name in files:
            if name.lower().endswith((".jpg", ".jpeg", ".png", ".webp", ".gif")):
                report = inspect_image(os.path.join(root, name))
                assert not report.has_location, name
                checked += 1
    assert checked >= 10
