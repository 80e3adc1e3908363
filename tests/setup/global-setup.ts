// Placeholder replaced by the foundation harness (template database migration).
export default function setup() {}
