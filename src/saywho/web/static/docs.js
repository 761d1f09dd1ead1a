// Starts Swagger UI (served from /static/swagger-ui) on the API description.
"use strict";
window.addEventListener("load", function () {
  var el = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({url: el.dataset.spec, dom_id: "#swagger-ui", deepLinking: true});
});
