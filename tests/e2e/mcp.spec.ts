// Journey: governed MCP tools. An owner registers the org's upstream MCP server (it lists its tools
// at once), approves one tool and grants it to a key, sees the grant on the grants-per-key page; the
// SDK's real client then connects to the app's own /mcp with that key, sees exactly that tool, calls
// it, is refused an unapproved one with an MCP error, and the call is in the audit search.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { McpError } from "@modelcontextprotocol/sdk/types.js";
import { createKeyInDashboard, expect, MOCK_MCP_TOKEN, MOCK_MCP_URL, newUser, signUp, test } from "./helpers";

async function connect(baseURL: string | undefined, key: string): Promise<Client> {
  const client = new Client({ name: "e2e-agent", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${baseURL}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${key}` } } }));
  return client;
}

test("register an MCP server, approve and grant a tool, and call it through /mcp with the SDK client", async ({ page, baseURL }) => {
  const slug = await signUp(page, newUser("mcp"));

  await page.goto(`/${slug}/keys`);
  const key = await createKeyInDashboard(page, "agent", { scopes: ["mcp"] });

  // Registering refuses a malformed address in the form, then lists the tools of the real server.
  await page.getByRole("link", { name: "MCP tools" }).click();
  const register = page.getByRole("form", { name: "Register an MCP server" });
  await register.getByLabel("Name").fill("tools");
  await register.getByLabel("URL").fill("ftp://example.com/mcp");
  await register.getByLabel("Bearer token (optional)").fill(MOCK_MCP_TOKEN);
  await register.getByRole("button", { name: "Register server" }).click();
  await expect(register.locator("#mcp-server-url-error")).toHaveText("Give an http(s) URL, e.g. https://mcp.example.com/mcp.");
  await expect(register.getByLabel("Name")).toHaveValue("tools");

  await register.getByLabel("URL").fill(MOCK_MCP_URL);
  await register.getByLabel("Bearer token (optional)").fill(MOCK_MCP_TOKEN);
  await register.getByRole("button", { name: "Register server" }).click();
  await expect(register.getByTestId("listing-summary")).toHaveText(/^Listed 6 tools: 6 new \(/);
  await expect(page.getByRole("link", { name: "MCP tools" })).toContainText("6");
  await register.getByRole("link", { name: "Open tools" }).click();

  // Every tool arrives unreviewed; the owner approves echo and grants it to the key.
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("MCP server tools");
  // The token is stored encrypted: only a hint of it is ever shown again.
  await expect(page.getByText(`Credentials: Authorization …${MOCK_MCP_TOKEN.slice(-4)}`)).toBeVisible();
  await expect(page.getByText(MOCK_MCP_TOKEN)).toHaveCount(0);
  const echo = page.getByTestId("mcp-tool-echo");
  await expect(echo.getByTestId("tool-state")).toHaveText("Unreviewed");
  const echoDetails = page.getByTestId("mcp-tool-echo-details");
  await echoDetails.getByText("Review echo").click();
  await expect(echoDetails.getByText('"description": "Returns the text it was given."')).toBeVisible();
  await echoDetails.getByRole("form", { name: "Decide on tools__echo" }).getByRole("button", { name: "Approve" }).click();
  await expect(echo.getByTestId("tool-state")).toHaveText("Approved");
  await expect(echo).toContainText(/Approved by .+ on /);

  await echoDetails.getByText("Grants of echo").click();
  const grants = echoDetails.getByRole("form", { name: "Grants of tools__echo" });
  await grants.getByLabel("Only these keys and key tags").check();
  await grants.getByRole("checkbox", { name: "agent" }).check();
  await grants.getByRole("button", { name: "Save grants" }).click();
  await expect(grants.getByText("Grants saved.")).toBeVisible();
  await expect(echo.getByTestId("tool-grants")).toContainText("agent");

  // The delete tool is denied, so no grant can expose it.
  const deleteDetails = page.getByTestId("mcp-tool-delete_repo-details");
  await deleteDetails.getByText("Review delete_repo").click();
  await deleteDetails.getByRole("form", { name: "Decide on tools__delete_repo" }).getByLabel("Note").fill("Too dangerous for agents.");
  await deleteDetails.getByRole("button", { name: "Deny" }).click();
  await expect(page.getByTestId("mcp-tool-delete_repo").getByTestId("tool-state")).toHaveText("Denied");
  await expect(page.getByTestId("mcp-tool-delete_repo")).toContainText("Too dangerous for agents.");

  // Grants per key shows what the key's tools/list will show.
  await page.goto(`/${slug}/mcp/grants`);
  await expect(page.getByRole("list", { name: "Tools agent can call" }).getByRole("listitem")).toHaveText(["tools__echo"]);

  // The SDK's client, with the key, through the app's own /mcp.
  const client = await connect(baseURL, key);
  try {
    expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(["tools__echo"]);
    const result = (await client.callTool({ name: "tools__echo", arguments: { text: "hello from e2e" } })) as unknown as { content: { text: string }[]; _meta: { "gateway/request-id": string } };
    expect(result.content[0]!.text).toBe("echo: hello from e2e");
    const requestId = result._meta["gateway/request-id"];
    expect(requestId).toMatch(/\S/);

    const refused = await client.callTool({ name: "tools__delete_repo", arguments: { repo: "acme/app" } }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(McpError);
    expect((refused as McpError).code).toBe(-32010);
    expect((refused as McpError).message).toBe("MCP error -32010: Tool tools__delete_repo was denied by an admin.");

    // The call is in the audit search, next to model requests, and its record names the tool.
    // Rows are written in batches, so reload until it is there.
    await page.goto(`/${slug}/requests?kind=tool`);
    const row = page.getByTestId(`request-${requestId}`);
    await expect(async () => {
      await page.reload();
      await expect(row.getByTestId("tool-badge")).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    await expect(row).toContainText("tools__echo");
    await row.getByRole("link", { name: requestId }).click();
    await expect(page.getByTestId("tool-call-server")).toHaveText("tools");
    await expect(page.getByTestId("tool-call-upstream-status")).toHaveText("ok");
  } finally {
    await client.close();
  }
});

test("a server with the wrong credentials is registered with the listing error shown", async ({ page }) => {
  const slug = await signUp(page, newUser("mcp-refused"));
  await page.goto(`/${slug}/mcp`);
  const register = page.getByRole("form", { name: "Register an MCP server" });
  await register.getByLabel("Name").fill("locked");
  await register.getByLabel("URL").fill(MOCK_MCP_URL);
  await register.getByLabel("Bearer token (optional)").fill("not-the-token");
  await register.getByRole("button", { name: "Register server" }).click();
  await expect(register.getByTestId("listing-error")).toContainText(/401|refused/i);
  await register.getByRole("link", { name: "Open locked" }).click();
  await expect(page.getByTestId("last-error")).toContainText(/401|refused/i);
  await expect(page.getByText("No tools listed yet.")).toBeVisible();
});

test("a destructive tool's call waits in the review queue, runs once an operator approves it, then waits again", async ({ page, baseURL }) => {
  const slug = await signUp(page, newUser("mcp-approver"));
  await page.goto(`/${slug}/keys`);
  const key = await createKeyInDashboard(page, "release-bot", { scopes: ["mcp"] });

  await page.goto(`/${slug}/mcp`);
  const register = page.getByRole("form", { name: "Register an MCP server" });
  await register.getByLabel("Name").fill("repo");
  await register.getByLabel("URL").fill(MOCK_MCP_URL);
  await register.getByLabel("Bearer token (optional)").fill(MOCK_MCP_TOKEN);
  await register.getByRole("button", { name: "Register server" }).click();
  await register.getByRole("link", { name: "Open repo" }).click();

  // Approve every tool at once (after confirming), then let every mcp key call delete_repo, each call approved.
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Approve all (6)" }).click();
  await expect(page.getByText("Approved 6 tool(s).")).toBeVisible();
  const details = page.getByTestId("mcp-tool-delete_repo-details");
  await details.getByText("Grants of delete_repo").click();
  const grants = details.getByRole("form", { name: "Grants of repo__delete_repo" });
  await grants.getByLabel("Every key with the mcp scope").check();
  await grants.getByLabel("Each call requires approval").check();
  await grants.getByRole("button", { name: "Save grants" }).click();
  await expect(grants.getByText("Grants saved.")).toBeVisible();
  await expect(page.getByTestId("mcp-tool-delete_repo")).toContainText("Yes");

  const client = await connect(baseURL, key);
  try {
    const call = () => client.callTool({ name: "repo__delete_repo", arguments: { repo: "acme/legacy" } });
    const held = (await call().then(
      () => null,
      (error: unknown) => error,
    )) as McpError & { data: { code: string; requestId: string; approvalId: string } };
    expect(held.code).toBe(-32013);
    expect(held.data.code).toBe("approval_required");
    expect(held.message).toContain("This call waits in the review queue");

    // The operator sees the held call with its arguments and approves it.
    await page.goto(`/${slug}/reviews`);
    const card = page.getByTestId(`tool-call-approval-${held.data.requestId}`);
    await expect(card.getByTestId("tool-call-approval-state")).toHaveText("Waiting");
    // The org keeps no prompt text (the default), so the reviewer sees the arguments' shape only.
    await expect(card.getByLabel("Arguments")).toContainText('"repo": "string(11)"');
    await card.getByLabel("Decision note").fill("Legacy repo, agreed in the change review.");
    await card.getByRole("button", { name: "Approve" }).click();
    await expect(card.getByTestId("tool-call-approval-decision")).toContainText("Legacy repo, agreed in the change review.");

    // The same call now runs once; a second one waits again.
    const ran = (await call()) as unknown as { content: { text: string }[] };
    expect(ran.content[0]!.text).toBe("deleted acme/legacy");
    const again = (await call().then(
      () => null,
      (error: unknown) => error,
    )) as McpError & { data: { code: string; approvalId: string } };
    expect(again.data.code).toBe("approval_required");
    expect(again.data.approvalId).not.toBe(held.data.approvalId);
  } finally {
    await client.close();
  }
});
