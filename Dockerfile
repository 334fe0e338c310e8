# Tumen Crossing: the Streamlit app in one container.
#   docker build -t tumen-crossing .
#   docker run --rm -p 8501:8501 tumen-crossing      # then open http://localhost:8501
FROM python:3.11-slim

# The code finds geodata/ and static/ beside its source tree (src/..), so the app imports the
# package from /app/src; `pip install .` below supplies the pinned dependencies.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app/src

WORKDIR /app

# Dependencies first, so a content-only change rebuilds in seconds.
COPY pyproject.toml README.md ./
COPY src ./src
RUN pip install . \
    && useradd --create-home --uid 10001 app

COPY .streamlit ./.streamlit
COPY app.py serve.py ./
COPY deploy/replica ./deploy/replica
COPY static ./static
COPY geodata ./geodata

USER app
EXPOSE 8501

HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"]

# The same start command as everywhere else (deploy/replica), listening on all interfaces.
ENV TC_ADDRESS=0.0.0.0 TC_PORT=8501 PYTHON=python
CMD ["deploy/replica"]
