#!/usr/bin/env python3
"""Spawns `bevgenie mcp` with the official `mcp` Python client and prints what it saw as JSON.

usage: mcp_client.py BEVGENIE_BINARY DB_PATH QUESTION
Over stdio: initialize; list tools; call every tool (ask with a progress callback, then get_persona and
render_page on what ask returned); call tools with bad arguments; list and read resources; call a tool once more
to show the server survived. Fails loudly when the package is missing.
"""
import asyncio
import json
import sys

from mcp import ClientSession, StdioServerParameters, stdio_client


def texts(result):
    return [block.text for block in result.content if getattr(block, "type", None) == "text"]


def summary(result):
    return {"isError": bool(result.is_error), "text": texts(result), "structured": result.structured_content}


async def main():
    binary, db, question = sys.argv[1:4]
    seen = {}
    parameters = StdioServerParameters(command=binary, args=["mcp", "--db", db])
    async with stdio_client(parameters) as (read, write):
        async with ClientSession(read, write) as session:
            initialized = await session.initialize()
            seen["server"] = {"name": initialized.server_info.name, "protocol": initialized.protocol_version,
                              "tools": initialized.capabilities.tools is not None,
                              "resources": initialized.capabilities.resources is not None}
            listed = await session.list_tools()
            seen["tools"] = {tool.name: sorted((tool.input_schema or {}).get("required", [])) for tool in listed.tools}

            seen["search"] = summary(await session.call_tool("search_knowledge", {"query": question, "limit": 3}))

            progress = []

            async def on_progress(value, total, message):
                progress.append({"progress": value, "total": total, "message": message})

            asked = await session.call_tool("ask", {"message": question}, progress_callback=on_progress)
            seen["ask"] = summary(asked)
            seen["progress"] = progress
            complete = asked.structured_content or {}
            session_id = (complete.get("session") or {}).get("id")
            seen["persona"] = summary(await session.call_tool("get_persona", {"sessionId": session_id}))
            seen["render"] = summary(await session.call_tool("render_page", {"page": complete.get("generatedPage")}))
            seen["follow_up"] = summary(await session.call_tool(
                "ask", {"message": "How much does it cost?", "sessionId": session_id}))

            seen["bad"] = {
                "query_not_string": summary(await session.call_tool("search_knowledge", {"query": 42})),
                "missing_message": summary(await session.call_tool("ask", {})),
                "empty_message": summary(await session.call_tool("ask", {"message": "   "})),
                "bad_limit": summary(await session.call_tool("search_knowledge", {"query": "x", "limit": 0})),
                "bad_session": summary(await session.call_tool("get_persona", {"sessionId": "not a session!"})),
                "unknown_session": summary(await session.call_tool("get_persona", {"sessionId": "feedfacefeedface"})),
                "invalid_page": summary(await session.call_tool("render_page", {"page": {"type": "hero"}})),
                "page_not_object": summary(await session.call_tool("render_page", {"page": "<html>"})),
            }

            resources = await session.list_resources()
            seen["resources"] = [{"uri": str(r.uri), "name": r.name, "mimeType": r.mime_type} for r in resources.resources]
            if resources.resources:
                contents = await session.read_resource(str(resources.resources[0].uri))
                seen["resource_text"] = [getattr(c, "text", None) for c in contents.contents]
            seen["after"] = summary(await session.call_tool("search_knowledge", {"query": "pricing"}))
    print(json.dumps(seen))


if __name__ == "__main__":
    asyncio.run(main())
