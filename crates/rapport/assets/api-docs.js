// Starts the interactive API page. A file rather than an inline script, so
// that the Content-Security-Policy can refuse every inline script.
window.ui = SwaggerUIBundle({ url: "/api/v1/openapi.json", dom_id: "#swagger-ui", withCredentials: true });
