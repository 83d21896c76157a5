"""What kbgen serves to a team's own AI assistants (``kbgen mcp``): plain Python over a built
site and the project's sources, wired to the MCP SDK in ``kbgen.assistants.server``."""
