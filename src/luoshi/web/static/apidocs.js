// Starts Swagger UI on /api/docs (the bundle is static/vendor/swagger-ui-bundle.js, from npm at install
// time). A file of its own, not an inline script: the Content-Security-Policy allows scripts from 'self' only.
window.addEventListener("DOMContentLoaded", () => {
  const root = document.getElementById("swagger-ui");
  if (!root || typeof window.SwaggerUIBundle !== "function") return;
  window.ui = window.SwaggerUIBundle({
    url: root.dataset.specUrl,
    domNode: root,
    layout: "BaseLayout",
    deepLinking: true,
    showExtensions: true,
    showCommonExtensions: true,
    validatorUrl: null, // no badge fetched from validator.swagger.io
    presets: [window.SwaggerUIBundle.presets.apis],
  });
});
