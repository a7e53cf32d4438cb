// Swagger UI for /docs, from the app's own copy (no CDN, and no inline script for the CSP to
// refuse); validatorUrl null: the default validator badge would ask a third-party site.
/* global SwaggerUIBundle */
SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  presets: [SwaggerUIBundle.presets.apis],
  layout: "BaseLayout",
  deepLinking: true,
  validatorUrl: null,
});
