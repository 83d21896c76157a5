"""kbgen: a knowledge base, roadmap and changelog site from Markdown and Linear."""

__version__ = "0.1.0"
