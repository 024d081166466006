// Placeholder replaced once the embedded database and sandbox helpers land.
export default async function setup() {}
