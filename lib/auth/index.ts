// Auth providers and token stores are exported from here (see the auth issue).
export {};
