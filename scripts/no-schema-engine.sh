#!/bin/sh
echo "This project applies migrations with Prisma's WebAssembly engine: use 'npm run db:migrate' or 'npm run db:migration -- <name>'." >&2
exit 1
