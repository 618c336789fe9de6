// GraphiQL at /graphiql, with its assets served from node_modules: it works with no internet access.
import path from "node:path";
import express, { type Router } from "express";
import { EXAMPLE_QUERIES } from "./graphiql-examples";

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

function page(): string {
  // JSON inside a <script>: escape "<" so no example text can close the tag.
  const tabs = JSON.stringify(EXAMPLE_QUERIES.map(({ query }) => ({ query }))).replace(/</g, "\\u003c");
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>huntgraph · GraphiQL</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="/graphiql/assets/graphiql.min.css">
  <style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
  <div id="graphiql">Loading GraphiQL…</div>
  <script src="/graphiql/assets/react.production.min.js"></script>
  <script src="/graphiql/assets/react-dom.production.min.js"></script>
  <script src="/graphiql/assets/graphiql.min.js"></script>
  <script>
    const fetcher = GraphiQL.createFetcher({ url: "/graphql" });
    const tabs = ${tabs};
    ReactDOM.createRoot(document.getElementById("graphiql")).render(
      React.createElement(GraphiQL, { fetcher, defaultTabs: tabs, defaultQuery: tabs[0].query, defaultEditorToolsVisibility: true }),
    );
  </script>
</body>
</html>`;
}

export function graphiqlRouter(): Router {
  const router = express.Router();
  const html = page();
  router.get("/", (_req, res) => {
    res.type("html").send(html);
  });
  router.get("/assets/:file", (req, res) => {
    const file = ASSETS[req.params.file];
    if (!file) {
      res.status(404).send("not found");
      return;
    }
    res.sendFile(file, { maxAge: "1d" });
  });
  return router;
}
