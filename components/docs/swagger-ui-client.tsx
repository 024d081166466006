"use client";
import SwaggerUI from "swagger-ui-react";
import "swagger-ui-react/swagger-ui.css";

/**
 * "Try it out" sends the signed-in session cookie (same origin); Authorize takes an API key for
 * the bearer scheme instead.
 */
export default function SwaggerUiClient() {
  return (
    <div className="swagger-wrapper rounded-lg border border-slate-200 bg-white">
      <SwaggerUI
        url="/api/docs"
        docExpansion="list"
        defaultModelsExpandDepth={0}
        persistAuthorization
        tryItOutEnabled={false}
        requestInterceptor={(req) => {
          req.credentials = "same-origin";
          return req;
        }}
      />
    </div>
  );
}
