"""The chat-model seam: the OpenAI-compatible client (chat), provider presets, prompt templates,
reasoning removal, and the fakes tests and benches talk to."""
