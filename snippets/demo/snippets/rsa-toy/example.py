"""A worked example with p = 61, q = 53, e = 17 (so n = 3233, d = 2753)."""
from rsa import decrypt, encrypt, make_keys

public, private = make_keys(61, 53, 17)
cipher = encrypt("RSA", public)
print(public, private, cipher, decrypt(cipher, private))
