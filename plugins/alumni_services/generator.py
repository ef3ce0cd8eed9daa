"""Pelican adapter for 校友服务: the entries for the home grid (phase one), /services/ (phase two)."""

from __future__ import annotations

from pelican.generators import Generator

from plugins.common.pelican_content import write_page


class AlumniServicesGenerator(Generator):
    """Publishes ``context["alumni_services"]`` and writes ``ALUMNI_SERVICES_SAVE_AS``."""

    def generate_context(self):
        # Validated once with every other setting by the content graph (plugins/site).
        self.config = self.context["site"].config.alumni_services
        self.context["alumni_services"] = self.config

    def generate_output(self, writer):
        if self.config.shown:
            write_page(self, writer, "ALUMNI_SERVICES", "services/index")


def get_generators(pelican):
    return AlumniServicesGenerator
