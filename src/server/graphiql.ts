// GraphiQL at /graphiql, with its assets served from node_modules: it works with no internet access.
import path from "node:path";
import express, { type Router } from "express";
import type { AuthService } from "../modules/auth/auth.service";
import { EXAMPLE_QUERIES } from "./graphiql-examples";
import { requires } from "./route-access";

function packageDir(name: string): string {
  return path.dirname(require.resolve(`${name}/package.json`));
}

/** Files the page loads, by the name it loads them under. */
const ASSETS: Record<string, string> = {
  "react.production.min.js": path.join(packageDir("react"), "umd/react.production.min.js"),
  "react-dom.production.min.js": path.join(packageDir("react-dom"), "umd/react-dom.production.min.js"),
  "graphiql.min.js": path.join(packageDir("graphiql"), "graphiql.min.js"),
  "graphiql.min.css": path.join(packageDir("graphiql"), "graphiql.min.css"),
};

/** The tab that signs in, first when authentication is on. */
const SIGN_IN = `# Authentication is on. Sign in with a ThreatHunt user name and password, then paste
#   {"Authorization": "Bearer <accessToken>"}
# into the Headers pane below, and run the other tabs.
# (Left without a name: GraphiQL keeps a tab's operation name when another tab runs.)
mutation {
  login(username: "analyst", password: "change me") { accessToken expiresIn user { username role } }
}`;

/** The script that starts GraphiQL, served as a file so that the content security policy allows no inline script. */
function startScript(authEnabled: boolean): string {
  const queries = [...(authEnabled ? [SIGN_IN] : []), ...EXAMPLE_QUERIES.map(({ query }) => query)];
  const tabs = JSON.stringify(queries.map((query) => ({ query })));
  return `const fetcher = GraphiQL.createFetcher({ url: "/graphql" });
const tabs = ${tabs};
ReactDOM.createRoot(document.getElementById("graphiql")).render(
  React.createElement(GraphiQL, {
    fetcher,
    defaultTabs: tabs,
    defaultQuery: tabs[0].query,
    defaultEditorToolsVisibility: ${authEnabled ? '"headers"' : "true"},
    isHeadersEditorEnabled: true,
    shouldPersistHeaders: false,
  }),
);
`;
}

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>huntgraph · GraphiQL</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="/graphiql/assets/graphiql.min.css">
  <link rel="stylesheet" href="/graphiql/assets/page.css">
</head>
<body>
  <div id="graphiql">Loading GraphiQL…</div>
  <script src="/graphiql/assets/react.production.min.js"></script>
  <script src="/graphiql/assets/react-dom.production.min.js"></script>
  <script src="/graphiql/assets/graphiql.min.js"></script>
  <script src="/graphiql/assets/start.js"></script>
</body>
</html>`;

export function graphiqlRouter(auth: AuthService): Router {
  const router = express.Router();
  const start = startScript(auth.enabled);
  // the page and its assets hold no data: anyone may load them
  router.get("/", requires(auth, "public"), (_req, res) => {
    res.type("html").send(PAGE);
  });
  router.get("/assets/start.js", requires(auth, "public"), (_req, res) => {
    res.type("js").send(start);
  });
  router.get("/assets/page.css", requires(auth, "public"), (_req, res) => {
    res.type("css").send("html, body, #graphiql { height: 100%; margin: 0; }");
  });
  router.get("/assets/:file", requires(auth, "public"), (req, res) => {
    const file = ASSETS[String(req.params.file)];
    if (!file) {
      res.status(404).send("not found");
      return;
    }
    res.sendFile(file, { maxAge: "1d" });
  });
  return router;
}
